// Planning grid: when a cell's mode or WFA place changes, send that one cell to the server.
// The answer (the row and its unit's coverage) is swapped in out of band by htmx. One listener
// for the whole page keeps a 500-row grid light: no per-cell htmx attributes or URLs.
// WFA always names its place: choosing WFA opens the place box and waits for it.
function placeBox(cell) {
  let place = cell.querySelector("input[name=wfa_place]");
  if (!place) {
    place = document.createElement("input");
    place.className = "form-control form-control-sm mt-1";
    place.name = "wfa_place";
    place.maxLength = 200;
    place.required = true;
    place.placeholder = "Tempat WFA";
    place.setAttribute("aria-label", "Tempat WFA");
    cell.appendChild(place);
  }
  return place;
}

document.addEventListener("change", (event) => {
  const grid = event.target.closest("table[data-cell-url]");
  const cell = event.target.closest("td[data-day]");
  if (!grid || !cell) return;
  const row = cell.closest("tr[data-employee]");
  const mode = cell.querySelector("select").value;
  let place = cell.querySelector("input[name=wfa_place]");
  if (mode === "WFA") {
    place = placeBox(cell);
    if (!place.value.trim()) {
      place.focus();
      return;
    }
  }
  htmx.ajax("POST", grid.dataset.cellUrl, {
    source: cell,
    swap: "none",
    values: {
      employee: row.dataset.employee,
      day: cell.dataset.day,
      mode: mode,
      wfa_place: place ? place.value : "",
      versions: row.querySelector("input[name=versions]").value,
    },
    headers: { "X-CSRFToken": grid.dataset.csrf },
  });
});

// Leaving the place box empty gives up the WFA choice: the cell shows what is stored again.
document.addEventListener("focusout", (event) => {
  const place = event.target;
  if (place.name !== "wfa_place" || place.value.trim()) return;
  const cell = place.closest("td[data-day]");
  if (!cell || !cell.closest("table[data-cell-url]")) return;
  const select = cell.querySelector("select");
  const stored = select.querySelector("option[selected]");
  if (select.value === "WFA" && stored && stored.value !== "WFA") {
    select.value = stored.value;
    place.remove();
  }
});

// Select all for bulk actions: the box in a unit's header row picks that unit's rows on this
// page, the box in the column header every row on this page.
function rowBoxes(scope) {
  const rows = scope ? `tr[data-employee][data-unit="${scope}"]` : "tr[data-employee]";
  return document.querySelectorAll(`${rows} input[name=employees]`);
}

document.addEventListener("change", (event) => {
  const box = event.target;
  if (box.matches("[data-select-page]") || box.matches("[data-select-unit]")) {
    rowBoxes(box.dataset.selectUnit).forEach((b) => {
      b.checked = box.checked;
    });
    if (box.matches("[data-select-page]")) {
      document.querySelectorAll("[data-select-unit]").forEach((b) => {
        b.checked = box.checked;
      });
    }
  }
});

// After a bulk action the rows come back unticked; so does the page's box.
document.addEventListener("htmx:afterRequest", () => {
  document.querySelectorAll("[data-select-page]").forEach((b) => {
    b.checked = false;
  });
});

// The bulk actions are folded away on a phone, where the grid itself comes first.
document.addEventListener("DOMContentLoaded", () => {
  const bulk = document.getElementById("bulk-box");
  if (bulk && window.matchMedia("(min-width: 768px)").matches) bulk.open = true;
});

// Enter in the working-hours row sets the hours, never the bulk mode action (the form's first
// button): the hours fields share the bulk form for its ticked employees and days.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.target.closest("[data-hours]")) return;
  if (event.target.tagName === "BUTTON") return;
  event.preventDefault();
  event.target.closest("[data-hours]").querySelector("[data-hours-submit]").click();
});

// "Batal" on a bulk preview: nothing was saved; the preview simply goes away.
document.addEventListener("click", (event) => {
  if (!event.target.matches("[data-preview-cancel]")) return;
  document.getElementById("bulk-preview").replaceChildren();
});
