/* The app's own behaviour. Every page works without it; it adds:
   comboboxes for the unit and locality pickers (Tom Select, served from
   our static files), the category's measures,
   a local copy of a half-typed form, confirmations. No inline scripts. */
(function () {
  "use strict";

  var strings = {};
  var stringsNode = document.getElementById("js-strings");
  if (stringsNode) {
    try { strings = JSON.parse(stringsNode.textContent); } catch (e) { strings = {}; }
  }
  function t(key) { return strings[key] || key; }

  /* -- pickers: a combobox (Tom Select) over the select ------------------- */
  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  /* The page's select already holds every option (it works without this);
     typing asks the server, which ranks the matches (abbreviations, word
     starts) and keeps those of the record's date: the server's order is kept. */
  function setupPicker(select) {
    if (!window.TomSelect) { return; }
    var form = select.form;
    var dateName = select.getAttribute("data-date-field");
    var dateInput = form && dateName ? form.elements[dateName] : null;
    var selectFirst = false;
    var loadedFor = null;  // the text whose matches are on show

    function searchUrl(query) {
      var url = select.getAttribute("data-search-url");
      var on = (dateInput && dateInput.value.trim()) || select.getAttribute("data-on") || "";
      url += (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(query);
      if (on) { url += "&on=" + encodeURIComponent(on); }
      return url;
    }

    var picker = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      allowEmptyOption: false,
      hideSelected: select.multiple,
      closeAfterSelect: true,
      plugins: select.multiple ? { remove_button: { title: t("remove") } } : {},
      placeholder: select.getAttribute("data-placeholder") || "",
      loadThrottle: 200,
      preload: "focus",
      score: function () { return function () { return 1; }; },
      shouldLoad: function () { return true; },
      load: function (query, callback) {
        var self = this;
        fetch(searchUrl(query), { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            self.clearOptions();
            loadedFor = query;
            callback(data.results.map(function (item) { return { value: String(item.id), text: item.text }; }));
            if (selectFirst && query === self.control_input.value) {
              selectFirst = false;
              if (data.results.length) {
                self.addItem(String(data.results[0].id));
                if (select.multiple) { self.setTextboxValue(""); }
              }
            }
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return '<div class="no-results">' + escapeHtml(t("no_match")) + "</div>"; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>'; }
      }
    });
    // The combobox speaks for the select, which stays only to be sent.
    select.setAttribute("aria-hidden", "true");
    // Enter in a picker chooses and never sends the form. Until the matches
    // of what is typed have arrived, the options on show are those of the
    // text before: Enter then waits and chooses the first match on arrival.
    picker.wrapper.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      var query = picker.control_input.value;
      if (query.trim() !== "" && query !== loadedFor) {
        event.preventDefault();
        event.stopPropagation();
        selectFirst = true;
      }
    }, true);
    picker.control_input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    if (dateInput) {
      dateInput.addEventListener("change", function () {
        picker.clearOptions();
        loadedFor = null;
        picker.wrapper.classList.remove("preloaded");
      });
    }
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  document.querySelectorAll("select[data-search-url]").forEach(setupPicker);

  /* -- only the measures of the chosen category -------------------------- */
  document.querySelectorAll("select[data-category-measures]").forEach(function (select) {
    var map = JSON.parse(select.getAttribute("data-category-measures"));
    var form = select.form;
    function apply() {
      var measures = map[select.value];
      form.querySelectorAll(".measure-field").forEach(function (box) {
        var column = box.parentNode;
        var show = !measures || measures.indexOf(box.getAttribute("data-measure")) >= 0;
        column.hidden = !show;
      });
    }
    select.addEventListener("change", apply);
    apply();
  });

  /* -- a half-typed form is kept in this browser until it is saved --------- */
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    if (!window.localStorage) { return; }
    var key = "autosave:" + form.getAttribute("data-autosave");
    var note = form.querySelector(".autosave-note");
    var skip = { csrfmiddlewaretoken: 1, version: 1, action: 1 };

    function snapshot() {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || skip[el.name] || el.type === "file" || el.type === "submit") { return; }
        if (el.tagName === "SELECT") {
          data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected && o.value; })
            .map(function (o) { return [o.value, o.textContent]; });
        } else if (el.type === "checkbox" || el.type === "radio") {
          if (el.checked) { data[el.name] = el.value; }
        } else {
          data[el.name] = el.value;
        }
      });
      return data;
    }

    function restore(data) {
      Object.keys(data).forEach(function (name) {
        var el = form.elements[name];
        if (!el) { return; }
        if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = false; });
          data[name].forEach(function (pair) {
            var option = Array.prototype.find.call(el.options, function (o) { return o.value === pair[0]; });
            if (!option) { option = new Option(pair[1], pair[0]); el.appendChild(option); }
            option.selected = true;
          });
          el.dispatchEvent(new Event("change", { bubbles: true }));
          if (el.tomselect) { el.tomselect.sync(); }
        } else if (el.value !== undefined) {
          el.value = data[name];
        }
      });
    }

    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    var hasErrors = form.querySelector(".is-invalid") !== null;
    if (saved && !hasErrors && note) {
      note.hidden = false;
      note.textContent = t("restore_prompt") + " ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = t("restore");
      button.addEventListener("click", function () { restore(saved.data); note.hidden = true; });
      note.appendChild(button);
    }
    var save = debounce(function () {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), data: snapshot() }));
    }, 400);
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { localStorage.removeItem(key); });
  });

  /* -- a form sent back with errors: its summary takes the focus, and each
     line leads to its field (the combobox of a picker) -------------------- */
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[data-field]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("data-field"));
        if (!field) { return; }
        event.preventDefault();
        var target = field.tomselect ? field.tomselect.control_input : field;
        target.scrollIntoView({ block: "center" });
        target.focus();
      });
    });
  }

  /* -- filters folded on a phone (open without JavaScript) ---------------- */
  if (window.matchMedia("(max-width: 575.98px)").matches) {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (details) {
      if (!details.querySelector(".is-invalid")) { details.open = false; }
    });
  }

  /* -- confirmations and select-all -------------------------------------- */
  // A form's boxes: its own and those that name it (form="…").
  function boxes(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var text = form.getAttribute("data-confirm");
      var counted = form.getAttribute("data-confirm-count");
      if (counted) {
        var n = boxes(form, counted).filter(function (c) { return c.checked; }).length;
        if (n === 0) { return; }  // the server says to tick some first
        text = text.replace("%(n)s", String(n));
      }
      if (!window.confirm(text)) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("input[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      boxes(box.form, box.getAttribute("data-check-all")).forEach(function (c) { c.checked = box.checked; });
    });
  });
})();
