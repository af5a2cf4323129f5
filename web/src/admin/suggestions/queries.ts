import { useMutation, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Suggestion = Schemas["SuggestionOut"];

const QUEUE = ["admin", "suggestions", "pending"] as const;

/** Suggestions waiting for a decision, newest first. */
export function useQueue() {
  const api = useApi();
  return usePaged(
    QUEUE,
    (page) => api.call<Schemas["SuggestionPage"]>(() => api.client.GET("/suggestions", { params: { query: pageQuery(page) } })),
    50,
  );
}

/** A decision reads the queue and the content lists again (an acceptance makes a draft). Not awaited,
 * as in the rewards queue: the row must still be there when its own callbacks run. */
function useDecision<V>(decide: (v: V) => Promise<Suggestion>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: decide,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: QUEUE });
      void client.invalidateQueries({ queryKey: ["admin", "content"] });
    },
  });
}

export function useAccept() {
  const api = useApi();
  return useDecision((v: { id: string; key: string }) =>
    api.call<Suggestion>(() =>
      api.client.POST("/suggestions/{suggestion_id}/accept", {
        params: { path: { suggestion_id: v.id }, header: { "Idempotency-Key": v.key } },
      }),
    ),
  );
}

export function useDecline() {
  const api = useApi();
  return useDecision((v: { id: string; note: string; key: string }) =>
    api.call<Suggestion>(() =>
      api.client.POST("/suggestions/{suggestion_id}/decline", {
        params: { path: { suggestion_id: v.id }, header: { "Idempotency-Key": v.key } },
        body: { note: v.note },
      }),
    ),
  );
}
