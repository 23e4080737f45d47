// A small rich-text editor for the document's chapter texts (headings, lists, bold, italic,
// links). It enhances each <textarea data-richtext> whose form carries a hidden toolbar
// (.richtext-toolbar); without JavaScript the textarea stays as it is. The editor's content
// is copied into the textarea when the form is sent; the server keeps only the allowed tags
// (documents/richtext.py). The stored HTML is read into the editor node by node, keeping only
// the same tags and link addresses, and text always as text (never parsed as markup again).
"use strict";

(function () {
  const TAGS = new Set(["P", "H3", "H4", "UL", "OL", "LI", "STRONG", "B", "EM", "I", "A", "BR"]);
  const SCHEMES = /^(https?:|mailto:)/i;

  function copyAllowed(source, target) {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (TAGS.has(node.tagName)) {
          const copy = document.createElement(node.tagName.toLowerCase());
          const href = node.tagName === "A" ? node.getAttribute("href") || "" : "";
          if (href && SCHEMES.test(href.trim())) {
            copy.setAttribute("href", href.trim());
          }
          copyAllowed(node, copy);
          target.appendChild(copy);
        } else {
          copyAllowed(node, target); // an unknown tag: its text is kept, the tag dropped
        }
      }
    }
  }

  function load(editor, html) {
    // DOMParser builds an inert document: no script runs, no image loads.
    const parsed = new DOMParser().parseFromString(html, "text/html");
    editor.replaceChildren();
    copyAllowed(parsed.body, editor);
  }

  function command(editor, name, value) {
    editor.focus();
    document.execCommand(name, false, value);
  }

  function enhance(textarea) {
    const form = textarea.form;
    const toolbar = form && form.querySelector(".richtext-toolbar");
    if (!toolbar) {
      return;
    }
    const editor = document.createElement("div");
    editor.className = "richtext-editor form-control";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    const label = form.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      label.id = label.id || `${textarea.id}-label`;
      editor.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => editor.focus());
    }
    load(editor, textarea.value);
    document.execCommand("defaultParagraphSeparator", false, "p");
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-command]");
      if (!button) {
        return;
      }
      event.preventDefault();
      const name = button.dataset.command;
      if (name === "createLink") {
        const address = window.prompt(button.dataset.prompt || "URL", "https://");
        if (address && SCHEMES.test(address.trim())) {
          command(editor, "createLink", address.trim());
        }
      } else if (name === "formatBlock") {
        command(editor, "formatBlock", button.dataset.value);
      } else {
        command(editor, name);
      }
    });
    form.addEventListener("submit", () => {
      textarea.value = editor.innerHTML; // read, never written back: the server sanitises
    });
    textarea.hidden = true;
    textarea.after(editor);
    toolbar.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  });
})();
