// Refuse a file larger than the portal's limit before it is sent, naming it (the server checks again: core.uploads).
// The limit and the message come from <body data-upload-max-bytes data-upload-too-large>, in the reader's language.
(function () {
  var body = document.body;
  var limit = Number(body.dataset.uploadMaxBytes);
  if (!limit) { return; }

  function megabytes(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

  function problems(input) {
    return Array.prototype.filter.call(input.files || [], function (file) { return file.size > limit; })
      .map(function (file) {
        return body.dataset.uploadTooLarge.replace("{name}", file.name).replace("{size}", megabytes(file.size));
      });
  }

  function show(input) {
    var found = problems(input);
    var note = input.parentNode.querySelector("[data-upload-problem]");
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.setAttribute("role", "alert");
      note.setAttribute("data-upload-problem", "");
      note.id = (input.id || input.name) + "-too-large";
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = found.join(" ");
    note.hidden = !found.length;
    input.classList.toggle("is-invalid", found.length > 0);
    if (found.length) { input.setAttribute("aria-describedby", note.id); }
    return found.length === 0;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file]")) { show(event.target); }
  });

  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[type=file]");
    var fine = Array.prototype.every.call(inputs, show);
    if (!fine) {
      event.preventDefault();
      event.target.querySelector("input[type=file].is-invalid").focus();
    }
  });
})();
