import type { FetchStatus } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useRef } from "react";
import { isApiError } from "../api/errors";
import { useI18n } from "../i18n";
import { errorSentence } from "./errors";

/** The page's h1, focused when the page opens so screen readers announce the new page, and the
 * document title. */
export function PageHeading(props: { title: string; intro?: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${props.title} · ${t("app.name")}`;
  }, [props.title, t]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {props.title}
      </h1>
      {props.intro ? <p className="intro">{props.intro}</p> : null}
      {props.children}
    </div>
  );
}

interface SkeletonProps {
  lines?: number;
  variant?: "card" | "row";
  count?: number;
}

/** Placeholder blocks while a list loads; announced once as "Loading…". */
export function Skeleton(props: SkeletonProps) {
  const { t } = useI18n();
  const count = props.count ?? 3;
  return (
    <div className="skeleton-group" role="status" aria-live="polite">
      <span className="visually-hidden">{t("app.loading")}</span>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className={`skeleton skeleton-${props.variant ?? "card"}`} aria-hidden="true">
          {Array.from({ length: props.lines ?? 3 }, (_, j) => (
            <span key={j} className="skeleton-line" />
          ))}
        </div>
      ))}
    </div>
  );
}

/** What a screen shows until its data arrives: its skeleton, or, while the query waits for the
 * connection (the device is offline, and the query resumes by itself when it is back), a sentence
 * saying so rather than a skeleton that never ends. */
export function Loading(props: SkeletonProps & { query: { fetchStatus: FetchStatus } }) {
  const { t } = useI18n();
  if (props.query.fetchStatus === "paused") return <EmptyState>{t("app.offlineWaiting")}</EmptyState>;
  return <Skeleton lines={props.lines} variant={props.variant} count={props.count} />;
}

/** What is empty, and what to do about it. */
export function EmptyState(props: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <p>{props.children}</p>
      {props.action}
    </div>
  );
}

/** An API error as a sentence, the invalid fields listed when they are not shown next to a field. */
export function ErrorMessage(props: { error: unknown; onRetry?: () => void; listFields?: boolean }) {
  const i18n = useI18n();
  const details = isApiError(props.error) && props.listFields ? props.error.details : [];
  return (
    <div className="error" role="alert">
      <p>{errorSentence(i18n, props.error)}</p>
      {details.length > 0 ? (
        <>
          <p>{i18n.t("error.fields")}</p>
          <ul>
            {details.map((d) => (
              <li key={`${d.field}:${d.message}`}>
                <code>{d.field}</code>: {d.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.onRetry ? (
        <button type="button" className="button secondary" onClick={props.onRetry}>
          {i18n.t("app.retry")}
        </button>
      ) : null}
    </div>
  );
}

/** A message next to a field; link it with aria-describedby through `id`. */
export function FieldError(props: { id: string; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p className="field-error" id={props.id}>
      {props.message}
    </p>
  );
}

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetching: boolean;
  isError: boolean;
  fetchNextPage: () => unknown;
}

/** Keeps reading while the pages read so far hold nothing and the API says more follow (filtered
 * lists may give empty pages, docs/api.md#lists). */
export function useAutoFill(query: PagedQuery, itemCount: number) {
  const { hasNextPage, isFetching, isError, fetchNextPage } = query;
  useEffect(() => {
    if (itemCount === 0 && hasNextPage && !isFetching && !isError) void fetchNextPage();
  }, [itemCount, hasNextPage, isFetching, isError, fetchNextPage]);
}

export function LoadMore(props: { query: PagedQuery }) {
  const { t } = useI18n();
  const { query } = props;
  if (!query.hasNextPage) return null;
  return (
    <div className="load-more">
      <button
        type="button"
        className="button secondary"
        onClick={() => {
          if (!query.isFetchingNextPage) void query.fetchNextPage();
        }}
        aria-disabled={query.isFetchingNextPage || undefined}
      >
        {query.isFetchingNextPage ? t("app.loadingMore") : t("app.loadMore")}
      </button>
    </div>
  );
}

/** A section with a heading wired to it as its accessible name. */
export function Section(props: { title: string; children: ReactNode; className?: string; level?: 2 | 3 }) {
  const id = useId();
  const Heading = props.level === 3 ? "h3" : "h2";
  return (
    <section aria-labelledby={id} className={props.className}>
      <Heading id={id}>{props.title}</Heading>
      {props.children}
    </section>
  );
}

/** A paged list's body, in its every state: a skeleton of `skeleton.count` rows while its first page is
 * read, the error with a retry when nothing could be read, `empty` when there is nothing, else the
 * list (`children`), Load more and what goes `after` them. */
export function PagedBody(props: {
  query: PagedQuery & { isPending: boolean; fetchStatus: FetchStatus; error: unknown; refetch: () => unknown };
  count: number;
  skeleton: { count: number; lines: number };
  empty: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading query={query} variant="row" count={props.skeleton.count} lines={props.skeleton.lines} />;
  if (query.isError && props.count === 0) return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />;
  if (props.count === 0 && !query.hasNextPage) return <EmptyState>{props.empty}</EmptyState>;
  return (
    <>
      {props.children}
      <LoadMore query={query} />
      {props.after}
    </>
  );
}
