/* The app's own behaviour. Every page works without it; it adds:
   server-side search for unit and locality pickers, the category's measures,
   a local copy of a half-typed form, confirmations. No inline scripts. */
(function () {
  "use strict";

  var strings = {};
  var stringsNode = document.getElementById("js-strings");
  if (stringsNode) {
    try { strings = JSON.parse(stringsNode.textContent); } catch (e) { strings = {}; }
  }
  function t(key) { return strings[key] || key; }

  /* -- pickers with server-side search ----------------------------------- */
  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function setupSearchSelect(select) {
    var multiple = select.multiple;
    var wrapper = document.createElement("div");
    wrapper.className = "search-select position-relative";
    var chips = document.createElement("div");
    chips.className = "search-select-chips d-flex flex-wrap gap-1 mb-1";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control";
    input.autocomplete = "off";
    input.placeholder = select.getAttribute("data-placeholder") || "";
    input.setAttribute("aria-label", select.labels && select.labels[0] ? select.labels[0].textContent : "");
    input.setAttribute("data-for", select.id);
    var list = document.createElement("div");
    list.className = "list-group position-absolute w-100 shadow-sm search-select-results";
    list.style.zIndex = 1050;
    list.hidden = true;

    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(chips);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(select);
    select.hidden = true;

    function renderChosen() {
      chips.innerHTML = "";
      var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected && o.value; });
      if (!multiple) {
        input.value = chosen.length ? chosen[0].textContent : "";
        return;
      }
      chosen.forEach(function (option) {
        var chip = document.createElement("span");
        chip.className = "badge text-bg-secondary d-inline-flex align-items-center gap-1";
        chip.textContent = option.textContent;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-white";
        remove.style.fontSize = ".6rem";
        remove.setAttribute("aria-label", t("remove") + " " + option.textContent);
        remove.addEventListener("click", function () {
          option.selected = false;
          option.remove();
          renderChosen();
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    function choose(id, text) {
      var existing = Array.prototype.find.call(select.options, function (o) { return o.value === String(id); });
      if (!multiple) {
        Array.prototype.forEach.call(select.options, function (o) { o.selected = false; });
      }
      if (!existing) {
        existing = new Option(text, id, true, true);
        select.appendChild(existing);
      }
      existing.selected = true;
      list.hidden = true;
      input.value = multiple ? "" : text;
      renderChosen();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    var search = debounce(function () {
      var q = input.value.trim();
      if (!multiple && q === "") {
        Array.prototype.forEach.call(select.options, function (o) { o.selected = o.value === ""; });
      }
      var url = select.getAttribute("data-search-url");
      url += (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          if (!data.results.length) {
            var none = document.createElement("div");
            none.className = "list-group-item small text-body-secondary";
            none.textContent = t("no_match");
            list.appendChild(none);
          }
          data.results.forEach(function (item) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "list-group-item list-group-item-action small";
            button.textContent = item.text;
            button.setAttribute("data-id", item.id);
            button.addEventListener("click", function () { choose(item.id, item.text); });
            list.appendChild(button);
          });
          list.hidden = false;
        })
        .catch(function () { list.hidden = true; });
    }, 200);

    input.addEventListener("input", search);
    input.addEventListener("focus", function () { if (multiple || input.value === "") { search(); } });
    document.addEventListener("click", function (event) {
      if (!wrapper.contains(event.target)) { list.hidden = true; }
    });
    renderChosen();
  }

  document.querySelectorAll("select[data-search-url]").forEach(setupSearchSelect);

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
          var picker = form.querySelector('input[data-for="' + el.id + '"]');
          if (picker && !el.multiple) { picker.value = data[name].length ? data[name][0][1] : ""; }
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

  /* -- confirmations and select-all -------------------------------------- */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("input[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var name = box.getAttribute("data-check-all");
      box.form.querySelectorAll('input[name="' + name + '"]').forEach(function (c) { c.checked = box.checked; });
    });
  });
})();
