/* The text-suggestion form of a section page, enhanced: a button under each
   paragraph of the text, and one for words selected in it, fill the passage
   (and, to edit, the proposal) and move the focus to the proposal. Without
   JavaScript the resident copies the passage by hand; the server checks it
   either way. Labels come translated in data-label-* attributes. */
(function () {
  "use strict";

  var text = document.querySelector("[data-suggest-passage]");
  if (!text) {
    return;
  }
  var passage = document.getElementById(text.dataset.suggestPassage);
  var proposal = document.getElementById(text.dataset.suggestProposal);
  if (!passage || !proposal) {
    return;
  }

  // The buttons this script adds are not part of the text.
  var TOOL = "suggest-tool";

  function words(node) {
    var copy = node.cloneNode(true);
    var tools = copy.querySelectorAll ? copy.querySelectorAll("." + TOOL) : [];
    Array.prototype.forEach.call(tools, function (tool) {
      tool.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  var status = document.createElement("p");
  status.className = "suggest-status small mb-0 " + TOOL;
  status.setAttribute("role", "status");

  function use(found) {
    if (!found) {
      status.textContent = text.dataset.labelNoSelection;
      return;
    }
    passage.value = found;
    proposal.value = found;
    status.textContent = text.dataset.labelFilled;
    proposal.focus();
    proposal.scrollIntoView({ block: "center" });
  }

  function button(label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm btn-outline-secondary";
    element.textContent = label;
    return element;
  }

  Array.prototype.forEach.call(text.querySelectorAll("p"), function (paragraph) {
    var holder = document.createElement("p");
    holder.className = "suggest-paragraph " + TOOL;
    var paragraphButton = button(text.dataset.labelParagraph);
    paragraphButton.addEventListener("click", function () {
      use(words(paragraph));
    });
    holder.appendChild(paragraphButton);
    paragraph.insertAdjacentElement("afterend", holder);
  });

  function selectedWords() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return "";
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) {
      return "";
    }
    var holder = document.createElement("div");
    holder.appendChild(range.cloneContents());
    return words(holder);
  }

  var tools = document.createElement("div");
  tools.className = "suggest-tools " + TOOL;
  var selectionButton = button(text.dataset.labelSelection);
  // Keep the selection: a click on the button must not clear it first.
  selectionButton.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  selectionButton.addEventListener("click", function () {
    use(selectedWords());
  });
  tools.appendChild(selectionButton);
  tools.appendChild(status);
  text.insertAdjacentElement("afterend", tools);
})();
