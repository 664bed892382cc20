// Move focus to a form's error summary so screen readers announce it and keyboard users start there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});

// Staff's "Sources" switch: shows or hides the seed file and section beside each citation ([data-sources]).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest("[data-sources-toggle]");
  if (!toggle) { return; }
  var showing = toggle.getAttribute("aria-pressed") !== "true";
  toggle.setAttribute("aria-pressed", showing ? "true" : "false");
  document.querySelectorAll("[data-sources]").forEach(function (element) { element.hidden = !showing; });
});
