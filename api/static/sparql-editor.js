// The /sparql page with scripts on: YASGUI on this endpoint, one tab per named query.
// Nothing may leave this origin: the term completers that ask Linked Open Vocabularies
// are dropped, the prefix completer uses YASQE's bundled list, the endpoint catalogue
// holds only this endpoint.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") {
    return; // the plain form stays
  }
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var examples = JSON.parse(document.getElementById("sparql-examples").textContent);
  var offline = function (name) { return name !== "class" && name !== "property"; };
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(offline);
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    yasqe: { prefixCcApi: null, autocompleters: Yasgui.Yasqe.defaults.autocompleters },
  });
  window.plankgYasgui = yasgui; // for the browser tests and the curious
  var tabs = {};
  examples.forEach(function (example, index) {
    var tab = yasgui.addTab(index === 0, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: endpoint },
    });
    tabs[example.name] = tab;
  });
  document.getElementById("sparql-form").hidden = true;
  accessible(yasgui, root);
  // YASR counts the rows it got ("10000 results"); an answer the service cut at its row
  // limit (the Plankg-Truncated header) says so above them, and how to get them all.
  yasgui.on("queryBefore", function (instance, tab) {
    var yasqe = tab.getYasqe();
    if (!yasqe || yasqe.plankgCut) {
      return;
    }
    yasqe.plankgCut = true;
    yasqe.on("queryResponse", function (editor, response) {
      cutNotice(tab, response);
    });
  });
  // an example link opens its tab and runs it, instead of leaving the page
  document.querySelectorAll("a[data-example]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var tab = tabs[link.getAttribute("data-example")];
      if (!tab) {
        return;
      }
      event.preventDefault();
      yasgui.selectTabId(tab.getId());
      tab.getYasqe().query();
      root.scrollIntoView();
    });
  });

  function cutNotice(tab, response) {
    var yasr = tab.getYasr();
    var template = document.getElementById("sparql-cut");
    if (!yasr || !yasr.rootEl || !template) {
      return;
    }
    var shown = yasr.rootEl.querySelector(".sparql-cut");
    if (shown) {
      shown.remove();
    }
    var headers = response && response.headers;
    if (!headers || typeof headers.get !== "function" || headers.get("Plankg-Truncated") !== "true") {
      return;
    }
    var notice = template.content.firstElementChild.cloneNode(true);
    var text = notice.querySelector(".cut-text");
    text.textContent = text.textContent.replace(/\{n\}/g, headers.get("Plankg-Row-Limit") || "");
    yasr.rootEl.insertBefore(notice, yasr.headerEl ? yasr.headerEl.nextSibling : yasr.rootEl.firstChild);
  }

  // YASGUI's markup has gaps an accessibility checker (axe) reports as serious; they are
  // mended here, on what it draws, rather than in the vendored (pinned) file.
  function accessible(yasgui, root) {
    var labels = {
      ".autocomplete": root.getAttribute("data-label-endpoint"),
      ".CodeMirror textarea": root.getAttribute("data-label-query"),
      "select.tableSizer": root.getAttribute("data-label-rows"),
    };
    // a tablist may hold only tabs: the "+" button goes beside the list, not in it
    var elements = yasgui.tabElements;
    var list = root.querySelector(".tabsList");
    if (elements && elements.addTabEl && list && list.contains(elements.addTabEl)) {
      var row = document.createElement("div");
      row.className = "tabsRow";
      list.parentNode.insertBefore(row, list);
      row.appendChild(list);
      row.appendChild(elements.addTabEl);
      elements.addTabEl = null; // new tabs are then appended to the list (insertBefore null)
    }
    function mend() {
      Object.keys(labels).forEach(function (selector) {
        root.querySelectorAll(selector).forEach(function (el) {
          if (!el.hasAttribute("aria-label") && labels[selector]) {
            el.setAttribute("aria-label", labels[selector]);
          }
        });
      });
      // a tab names its panel only once the panel is drawn (panels are drawn lazily)
      root.querySelectorAll("[role=tab][aria-controls], [role=tab][data-controls]").forEach(
        function (tab) {
          var id = tab.getAttribute("aria-controls") || tab.getAttribute("data-controls");
          tab.setAttribute("data-controls", id);
          if (document.getElementById(id)) {
            tab.setAttribute("aria-controls", id);
          } else {
            tab.removeAttribute("aria-controls");
          }
        }
      );
      // the editor's scroller must be reachable from the keyboard
      root.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach(function (el) {
        el.setAttribute("tabindex", "0");
      });
    }
    mend();
    new MutationObserver(mend).observe(root, { childList: true, subtree: true });
  }
})();
