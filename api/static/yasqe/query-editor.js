/* The query page's SPARQL editor (issue 18): YASQE (yasqe.min.js, vendored beside this file) in
   place of the form's <textarea id="query">, when the browser runs JavaScript. Without it the
   page is the plain form. The form still sends the query: the textarea gets the editor's text
   when the form is submitted (with its button, or Ctrl+Enter in the editor).

   Nothing leaves this server: no autocompletion from prefix.cc or Linked Open Vocabularies (only
   the query's own variables are completed), no share link, no queries kept in the browser's
   storage or read from the address, and no query button of YASQE's own (it would send the query
   to its default endpoint, DBpedia). YASQE's English words: its buttons are off; the one text
   left, a syntax error's tooltip, is put in the page's words (the textarea's data-invalid and
   data-undeclared, from api/labels.yaml). */
(function () {
  "use strict";
  var area = document.getElementById("query");
  if (!area || !area.form || typeof Yasqe === "undefined") return;
  var form = area.form;

  // the prefixes the endpoint predeclares (the page's PREFIX lines, data-prefixes): YASQE's
  // syntax check knows them, as the endpoint does, so dvo:hasArticle is no error
  var known = {};
  (area.getAttribute("data-prefixes") || "").replace(/PREFIX\s+([\w.-]*):\s*<([^>]*)>/g, function (all, name, iri) {
    known[name] = iri;
    return all;
  });
  var sparql = Yasqe.modes && Yasqe.modes.sparql11;
  if (sparql) {
    Yasqe.defineMode("sparql11", function (config, modeConfig) {
      var mode = sparql(config, modeConfig);
      var start = mode.startState;
      mode.startState = function () {
        var state = start.apply(mode, arguments);
        for (var name in known) state.prefixes[name] = known[name];
        return state;
      };
      return mode;
    });
  }

  // the autocompleters that ask another host (prefixes: prefix.cc; property and class: LOV) go;
  // the defaults' list is set, not merged (YASQE merges arrays index by index)
  ["prefixes", "property", "class"].forEach(function (name) { delete Yasqe.Autocompleters[name]; });
  Yasqe.defaults.autocompleters = ["variables"];

  function submit() {
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      area.value = yasqe.getValue();
      form.submit();
    }
  }

  var label = document.querySelector('label[for="query"]');
  var holder = document.createElement("div");
  holder.className = "query-editor";
  area.parentNode.insertBefore(holder, area.nextSibling);
  var yasqe = new Yasqe(holder, {
    value: area.value,
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: null,
    createShortLink: undefined,
    showQueryButton: false,
    prefixCcApi: null,
    requestConfig: {endpoint: "/sparql", method: "GET"},
    editorHeight: "20rem",
    screenReaderLabel: label ? label.textContent : "Query",
    extraKeys: {"Ctrl-Enter": submit, "Cmd-Enter": submit}
  });
  yasqe.query = function () {  // never YASQE's own request: the form runs the query
    submit();
    return Promise.resolve();
  };
  area.hidden = true;
  area.setAttribute("data-editor", "yasqe");

  form.addEventListener("submit", function () { area.value = yasqe.getValue(); });
  if (label) {
    label.addEventListener("click", function (event) {
      event.preventDefault();
      yasqe.focus();
    });
  }

  // a syntax error's tooltip in the page's words
  var invalid = area.getAttribute("data-invalid"), undeclared = area.getAttribute("data-undeclared");
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  yasqe.getWrapperElement().addEventListener("mouseover", function (event) {
    var icon = event.target && event.target.closest ? event.target.closest(".parseErrorIcon") : null;
    var tip = icon && icon.querySelector(".yasqe_tooltip");
    if (!tip) return;
    var html = tip.innerHTML;
    if (invalid) html = html.replace("This line is invalid. Expected:", escape(invalid));
    if (undeclared) {
      html = html.replace(/Prefix (?:'|&#39;)(.*?)(?:'|&#39;) is not defined/, function (all, name) {
        return escape(undeclared).replace("{prefix}", name);
      });
    }
    if (html !== tip.innerHTML) tip.innerHTML = html;
  });
})();
