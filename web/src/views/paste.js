// #/code — paste a text (or read a .txt/.html file in the browser), POST it to /api/code and show
// the coded document with the same highlighting component as the article view. With "store it"
// the document is also written to the store, which needs a write token (Authorization: Bearer).
import { api } from "../api.js";
import { el, errorBox, loading, append, replace } from "../dom.js";
import { articleHref } from "../links.js";
import { highlightedDocument } from "../highlight.js";
import { documentHeader } from "./article.js";

// Kept for this page load only (never in localStorage): a write token is a secret.
const draft = { text: "", html: false, published: "", title: "", token: "", store: false, fileName: "" };
const MAX_FILE_BYTES = 5_000_000;

export function render(container) {
  const textarea = el("textarea", {
    id: "paste-text",
    rows: "12",
    spellcheck: "false",
    placeholder: "Paste a news report here (plain text, or HTML with “input is HTML” ticked)…",
    "data-testid": "paste-text",
    value: draft.text,
  });
  const file = el("input", { type: "file", id: "paste-file", accept: ".txt,.text,.html,.htm,text/plain,text/html", "data-testid": "paste-file" });
  const fileNote = el("span", { class: "muted small", "data-testid": "paste-file-name" }, draft.fileName ? `Loaded ${draft.fileName}` : "");
  const isHtml = el("input", { type: "checkbox", id: "paste-html", checked: draft.html, "data-testid": "paste-html" });
  const published = el("input", { type: "date", id: "paste-published", value: draft.published, "data-testid": "paste-published" });
  const title = el("input", { type: "text", id: "paste-title", value: draft.title, placeholder: "optional", "data-testid": "paste-title" });
  const store = el("input", { type: "checkbox", id: "paste-store", checked: draft.store, "data-testid": "paste-store" });
  const token = el("input", { type: "password", id: "paste-token", value: draft.token, autocomplete: "off", placeholder: "write token", "data-testid": "paste-token", disabled: !draft.store });
  const submit = el("button", { type: "submit", class: "primary", "data-testid": "paste-submit" }, "Code it");
  const result = el("div", { class: "paste-result", "data-testid": "paste-result", "aria-live": "polite" });
  const formError = el("div", { class: "form-error" });

  store.addEventListener("change", () => {
    token.disabled = !store.checked;
    draft.store = store.checked;
    if (store.checked) token.focus();
  });
  for (const [input, key] of [[textarea, "text"], [published, "published"], [title, "title"], [token, "token"]]) {
    input.addEventListener("input", () => {
      draft[key] = input.value;
    });
  }
  isHtml.addEventListener("change", () => {
    draft.html = isHtml.checked;
  });

  file.addEventListener("change", () => {
    const f = file.files && file.files[0];
    if (!f) return;
    replace(formError);
    if (f.size > MAX_FILE_BYTES) {
      append(formError, errorBox(new Error(`${f.name} is ${(f.size / 1e6).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB.`), "File too large"));
      file.value = "";
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      textarea.value = String(reader.result || "");
      draft.text = textarea.value;
      isHtml.checked = /\.html?$/i.test(f.name) || f.type === "text/html";
      draft.html = isHtml.checked;
      const m = /(\d{4}-\d{2}-\d{2})/.exec(f.name);
      if (m && !published.value) {
        published.value = m[1];
        draft.published = m[1];
      }
      draft.fileName = f.name;
      fileNote.textContent = `Loaded ${f.name} (${isHtml.checked ? "HTML" : "text"})`;
    };
    reader.onerror = () => {
      replace(formError, errorBox(reader.error || new Error("could not read the file"), `Could not read ${f.name}`));
    };
    reader.readAsText(f);
  });

  const form = el("form", { class: "paste-form card", "data-testid": "paste-form" },
    el("label", { class: "field block", for: "paste-text" }, el("span", { class: "field-label" }, "Text"), textarea),
    el("div", { class: "paste-options" },
      el("label", { class: "field", for: "paste-file" }, el("span", { class: "field-label" }, "…or read a file (.txt, .html)"), file, fileNote),
      el("label", { class: "check", for: "paste-html" }, isHtml, " input is HTML"),
      el("label", { class: "field", for: "paste-published" }, el("span", { class: "field-label" }, "Published"), published),
      el("label", { class: "field", for: "paste-title" }, el("span", { class: "field-label" }, "Title"), title)),
    el("div", { class: "paste-options" },
      el("label", { class: "check", for: "paste-store" }, store, " store it (needs a write token)"),
      el("label", { class: "field", for: "paste-token" }, el("span", { class: "field-label" }, "Token"), token),
      el("div", { class: "filter-actions" }, submit)),
    formError);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    replace(formError);
    const content = textarea.value;
    if (!content.trim()) {
      append(formError, errorBox(new Error("Paste a text or choose a file first."), "Nothing to code"));
      return;
    }
    if (store.checked && !token.value.trim()) {
      append(formError, errorBox(new Error("Storing a document needs a write token."), "Token missing"));
      token.focus();
      return;
    }
    const payload = isHtml.checked ? { html: content } : { text: content };
    if (published.value) payload.published = published.value;
    if (title.value.trim()) payload.title = title.value.trim();
    if (store.checked) payload.store = true;
    submit.disabled = true;
    submit.textContent = "Coding…";
    replace(result, loading("Coding the text…"));
    try {
      const doc = await api.code(payload, store.checked ? token.value.trim() : null);
      if (!container.isConnected) return;
      showResult(result, doc);
    } catch (err) {
      replace(result, errorBox(err, err.status === 401 || err.status === 403 ? "Refused" : "Could not code the text"));
    } finally {
      submit.disabled = false;
      submit.textContent = "Code it";
    }
  });

  append(container,
    el("div", { class: "view-head" },
      el("h1", {}, "Code a text"),
      el("p", { class: "lede" }, "Paste a news report or read a file; wirecoder codes it on the server and shows every event, actor, date, place and quote it found, with the reasons.")),
    form,
    result,
  );
}

function showResult(result, doc) {
  // store: true answers stored=true (written now) or stored=false with the document_id of the
  // identical text already in the store.
  const stored = doc.stored || doc.document_id
    ? el("p", { class: "notice success", "data-testid": "paste-stored", "data-stored": String(Boolean(doc.stored)) },
      doc.stored ? "Stored. " : "This exact text was already in the store. ",
      doc.document_id ? el("a", { href: articleHref(doc.document_id) }, "Open the stored article →") : null)
    : null;
  const warnings = (doc.warnings || []).length
    ? el("div", { class: "notice" }, el("strong", {}, "Warnings: "), doc.warnings.map((w) => (typeof w === "string" ? w : JSON.stringify(w))).join("; "))
    : null;
  const component = highlightedDocument(doc);
  replace(result, documentHeader({ ...doc, title: doc.title || "Coded text", name: doc.doc_id }), stored, warnings, component.node);
}
