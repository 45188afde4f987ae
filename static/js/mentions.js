// Suggests @handles while a member writes a post. A progressive enhancement: without it
// (or without JavaScript) typing @handle works the same, and the help text says how.
(function () {
  "use strict";
  var form = document.querySelector("form[data-mention-search]");
  if (!form || !window.fetch || !window.AbortController) return;
  var textarea = form.querySelector("textarea[name=body]");
  if (!textarea) return;
  var url = form.getAttribute("data-mention-search");
  var list = document.createElement("ul");
  list.className = "mention-suggestions";
  list.hidden = true;
  list.setAttribute("aria-label", form.getAttribute("data-mention-label") || "");
  textarea.insertAdjacentElement("afterend", list);
  var timer = null;
  var controller = null;

  function typedPrefix() {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(?:^|[^\w@\/.])@([A-Za-z0-9][A-Za-z0-9_-]*)$/.exec(before);
    return match ? match[1] : null;
  }

  function hide() {
    list.hidden = true;
    list.textContent = "";
  }

  function insert(handle) {
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, caret).replace(/@[A-Za-z0-9_-]*$/, "@" + handle + " ");
    textarea.value = before + textarea.value.slice(caret);
    textarea.focus();
    textarea.setSelectionRange(before.length, before.length);
    hide();
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button-small";
      // textContent, never innerHTML: names are other members' input.
      button.textContent = "@" + result.handle + " · " + result.name;
      button.addEventListener("click", function () { insert(result.handle); });
      item.appendChild(button);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    var prefix = typedPrefix();
    if (!prefix) {
      hide();
      return;
    }
    timer = window.setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(prefix), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(function () { /* suggestions are optional: typing still works */ });
    }, 150);
  });

  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
})();
