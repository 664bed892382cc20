// The rubric's total, live, as a reviewer types the points (review page, issue 15).
document.querySelectorAll("form.rubric-form").forEach(function (form) {
  var total = form.querySelector("[data-rubric-total]");
  function update() {
    var sum = 0;
    form.querySelectorAll("input[data-points]").forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value)) { sum += value; }
    });
    total.textContent = String(sum);
  }
  form.addEventListener("input", update);
  update();
});
