import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../api/context";
import { isApiError } from "../../api/errors";
import type { components } from "../../api/schema";
import type { Params } from "../../i18n";
import { defineMessages, useMessages } from "../messages";

export type LinkPreview = components["schemas"]["LinkPreview"];

/** What the composer lets a link fill: only the fields still empty are given a value. */
export interface Fillable {
  title: string;
  body: string;
  image_url: string;
}

const fillMessages = defineMessages({
  en: {
    fill: "Fill from link",
    filling: "Reading the link…",
    filled: "Filled {fields} from the link.",
    nothingFilled: "The link gave nothing for the empty fields.",
    noLink: "Type a link first.",
    failed: "Could not read the link: {reason}",
    offline: "You are offline: reading the link needs a connection.",
    unreachable: "the service did not answer; try again",
    "field.title": "Title",
    "field.body": "Body",
    "field.image_url": "Image URL",
  },
  it: {
    fill: "Compila dal link",
    filling: "Lettura del link…",
    filled: "Compilati dal link: {fields}.",
    nothingFilled: "Il link non ha dato nulla per i campi vuoti.",
    noLink: "Scrivi prima un link.",
    failed: "Impossibile leggere il link: {reason}",
    offline: "Sei offline: per leggere il link serve una connessione.",
    unreachable: "il servizio non ha risposto; riprova",
    "field.title": "Titolo",
    "field.body": "Testo",
    "field.image_url": "URL dell'immagine",
  },
});

/** The fields `preview` fills in `current`: each empty one the page has a value for, never one typed. */
export function filledFrom(current: Fillable, preview: LinkPreview): Partial<Fillable> {
  const found: Fillable = { title: preview.title ?? "", body: preview.description ?? "", image_url: preview.image ?? "" };
  const filled: Partial<Fillable> = {};
  for (const name of ["title", "body", "image_url"] as const) {
    if (!current[name].trim() && found[name]) filled[name] = found[name];
  }
  return filled;
}

function usePreview() {
  const api = useApi();
  return useMutation({
    // Writes nothing, so no Idempotency-Key (POST /content/preview takes none).
    mutationFn: (url: string) => api.call<LinkPreview>(() => api.client.POST("/content/preview", { body: { url } })),
  });
}

/** "Fill from link": reads the page behind `url` and fills Title, Body and Image URL where empty. */
export function FillFromLink(props: { url: string; current: Fillable; onFill: (fields: Partial<Fillable>) => void }) {
  const m = useMessages(fillMessages);
  const preview = usePreview();
  const [filled, setFilled] = useState<(keyof Fillable)[] | null>(null);
  const [noLink, setNoLink] = useState(false);
  const url = props.url.trim();

  function fill() {
    if (preview.isPending) return;
    setFilled(null);
    setNoLink(!url);
    if (!url) return;
    preview.mutate(url, {
      onSuccess: (found) => {
        const fields = filledFrom(props.current, found);
        setFilled(Object.keys(fields) as (keyof Fillable)[]);
        props.onFill(fields);
      },
    });
  }

  let status = "";
  if (noLink) status = m("noLink");
  else if (preview.isPending) status = m("filling");
  else if (preview.isError) status = sentence(m, preview.error);
  else if (filled) status = filled.length ? m("filled", { fields: filled.map((n) => m(`field.${n}`)).join(", ") }) : m("nothingFilled");

  return (
    <div className="fill-from-link">
      <button type="button" className="button secondary" aria-disabled={preview.isPending || undefined} onClick={fill}>
        {preview.isPending ? m("filling") : m("fill")}
      </button>
      <p className={preview.isError || noLink ? "field-error" : "hint"} role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}

function sentence(m: (key: keyof (typeof fillMessages)["en"], params?: Params) => string, error: unknown): string {
  if (typeof navigator !== "undefined" && !navigator.onLine) return m("offline");
  const reason = isApiError(error) ? (error.details.find((d) => d.field === "url")?.message ?? error.message) : m("unreachable");
  return m("failed", { reason });
}
