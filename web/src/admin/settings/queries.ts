import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import { keys } from "../../api/queries";
import type { components } from "../../api/schema";

export type Org = components["schemas"]["OrgOut"];
export type OrgPatch = components["schemas"]["OrgPatch"];
export type Weekday = Org["digest_weekday"];

export const WEEKDAYS: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

const ORG = ["admin", "org"] as const;

export function useOrg() {
  const api = useApi();
  return useQuery({ queryKey: ORG, queryFn: () => api.call<Org>(() => api.client.GET("/org")) });
}

/** Saves a change; the answer is the org as stored, shown at once. The members' app's view of the
 * org (its name and time zone) is read again too. */
export function useUpdateOrg() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgPatch) => api.call<Org>(() => api.client.PATCH("/org", { body })),
    onSuccess: (org) => {
      client.setQueryData(ORG, org);
      void client.invalidateQueries({ queryKey: keys.myOrg });
    },
  });
}
