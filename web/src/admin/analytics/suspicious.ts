import { useMutation, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Suspect = Schemas["SuspiciousShare"];
export type Voided = Schemas["VoidedShare"];

const SUSPICIOUS = ["admin", "suspicious-shares"] as const;

/** Shares with marks of farmed clicks made in the range, newest first (admins only). */
export function useSuspiciousShares(range: { from: string; to: string }) {
  const api = useApi();
  return usePaged([...SUSPICIOUS, range.from, range.to], (page) =>
    api.call<Schemas["SuspiciousSharePage"]>(() =>
      api.client.GET("/analytics/suspicious-shares", { params: { query: { ...pageQuery(page), ...range } } }),
    ),
  );
}

/** Void a share's points; the list is read again (the row then shows the void). */
export function useVoidShare() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; reason: string; key: string }) =>
      api.call<Voided>(() =>
        api.client.POST("/shares/{share_id}/void", {
          params: { path: { share_id: v.id }, header: { "Idempotency-Key": v.key } },
          body: { reason: v.reason },
        }),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: SUSPICIOUS }),
  });
}
