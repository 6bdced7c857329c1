// The review queue (templates/attendance/review_list.html): "Pilih semua di halaman ini" ticks
// every row of the page, and the accept button says how many are ticked. Without this script the
// rows are ticked one by one and "Terima semua N yang cocok" still works.
(function () {
  "use strict";
  var form = document.getElementById("terima-massal");
  if (!form) {
    return;
  }
  var picks = Array.prototype.slice.call(document.querySelectorAll("input[data-pick]"));
  var all = form.querySelector("[data-select-all]");
  var count = form.querySelector("[data-selected-count]");

  function update() {
    var ticked = picks.filter(function (box) { return box.checked; }).length;
    count.textContent = ticked ? " (" + ticked + ")" : "";
    all.checked = picks.length > 0 && ticked === picks.length;
    all.indeterminate = ticked > 0 && ticked < picks.length;
  }

  if (picks.length) {
    form.querySelector("[data-select-page]").hidden = false;
  }
  all.addEventListener("change", function () {
    picks.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  picks.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
