import { Link, useSearchParams } from "react-router";
import { useEffect, useMemo } from "react";
import { allItems, useFeed, useMyShares } from "../api/queries";
import { useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../ui/components";
import { FeedCard } from "./FeedCard";

export default function FeedPage() {
  const { t } = useI18n();
  const feed = useFeed();
  // The member's latest shares give the clicks shown on the cards they shared.
  const shares = useMyShares(100);
  const items = allItems(feed.data);
  const sharesById = useMemo(() => new Map(allItems(shares.data).map((s) => [s.share_id, s])), [shares.data]);
  useAutoFill(feed, items.length);
  const target = useTarget(feed, items.map((item) => item.content_id));

  let content;
  if (feed.isPending || (items.length === 0 && feed.hasNextPage && !feed.isError)) {
    content = <Loading query={feed} variant="card" lines={4} />;
  } else if (feed.isError && items.length === 0) {
    content = <ErrorMessage error={feed.error} onRetry={() => void feed.refetch()} />;
  } else if (items.length === 0) {
    content = <EmptyState>{t("feed.empty")}</EmptyState>;
  } else {
    content = (
      <>
        {feed.isError ? <ErrorMessage error={feed.error} onRetry={() => void feed.refetch()} /> : null}
        {target.gone ? (
          <p className="notice" role="status">
            {t("feed.itemGone")}
          </p>
        ) : null}
        <ul className="cards">
          {items.map((item) => (
            <li
              key={item.content_id}
              id={`item-${item.content_id}`}
              className={item.content_id === target.id ? "target" : undefined}
              tabIndex={item.content_id === target.id ? -1 : undefined}
            >
              <FeedCard item={item} shares={sharesById} />
            </li>
          ))}
        </ul>
        <LoadMore query={feed} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={t("feed.title")} intro={t("feed.intro")}>
        <Link className="button secondary" to="/suggest">
          {t("feed.suggest")}
        </Link>
      </PageHeading>
      {content}
    </>
  );
}

const TARGET_PAGES = 5; // how far the feed reads on for a linked item before saying it is not there

/** The item a link names (`?item=<content id>`, as digests link): the feed reads on until it is
 * loaded, then scrolls to its card and focuses it; `gone` once it cannot be found (expired, archived
 * or not meant for this member). */
function useTarget(feed: ReturnType<typeof useFeed>, ids: string[]): { id: string | null; gone: boolean } {
  const [params] = useSearchParams();
  const id = params.get("item");
  const found = id !== null && ids.includes(id);
  const pages = feed.data?.pages.length ?? 0;
  const more = feed.hasNextPage && pages < TARGET_PAGES && !feed.isError;
  const { fetchNextPage, isFetching } = feed;
  useEffect(() => {
    if (id !== null && !found && more && !isFetching) void fetchNextPage();
  }, [id, found, more, isFetching, fetchNextPage]);
  useEffect(() => {
    if (!found) return;
    const card = document.getElementById(`item-${id}`);
    card?.scrollIntoView?.({ block: "start" });
    card?.focus({ preventScroll: true });
  }, [found, id]);
  return { id, gone: id !== null && !found && !feed.isPending && !more && !isFetching };
}
