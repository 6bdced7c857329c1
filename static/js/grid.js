// Planning grid: when a cell's mode or WFA place changes, send that one cell to the server.
// The answer (the row and its unit's coverage) is swapped in out of band by htmx. One listener
// for the whole page keeps a 500-row grid light: no per-cell htmx attributes or URLs.
document.addEventListener("change", (event) => {
  const grid = event.target.closest("table[data-cell-url]");
  const cell = event.target.closest("td[data-day]");
  if (!grid || !cell) return;
  const row = cell.closest("tr[data-employee]");
  const place = cell.querySelector("input[name=wfa_place]");
  htmx.ajax("POST", grid.dataset.cellUrl, {
    source: cell,
    swap: "none",
    values: {
      employee: row.dataset.employee,
      day: cell.dataset.day,
      mode: cell.querySelector("select").value,
      wfa_place: place ? place.value : "",
      versions: row.querySelector("input[name=versions]").value,
    },
    headers: { "X-CSRFToken": grid.dataset.csrf },
  });
});
