// Forms whose work can take seconds (data-busy="Sedang …"): once sent, the submit button says so
// and cannot be pressed twice. A plain form keeps it until the next page; an htmx form gets the
// button back when its answer arrives; coming back to a page (the browser's Back) gives it back.
(function () {
  "use strict";

  function busy(form) {
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      if (!button.dataset.idleText) {
        button.dataset.idleText = button.textContent;
      }
      button.textContent = form.dataset.busy;
      // Disabled after the browser has collected the form's fields.
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  }

  function idle(form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = false;
      if (button.dataset.idleText) {
        button.textContent = button.dataset.idleText;
        delete button.dataset.idleText;
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // htmx handles its own forms (and prevents the native submit): see its events below.
    if (form.matches("form[data-busy]") && !event.defaultPrevented) {
      busy(form);
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form[data-busy]")) {
      busy(form);
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form[data-busy]")) {
      idle(form);
    }
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy][aria-busy]").forEach(idle);
  });
})();
