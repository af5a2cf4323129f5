/** Badges and levels as a member reads them: their names, and what the next ones take. */
import type { Me } from "../api/types";
import type { MessageKey } from "../i18n/en";
import { type I18n, useI18n } from "../i18n";

export function badgeName(i18n: I18n, badge: string): string {
  const place = /^contest_place_(\d+)$/.exec(badge);
  if (place) return i18n.t("badge.contest_place", { place: place[1] ?? "" });
  const key = `badge.${badge}`;
  if (key in BADGE_KEYS) return i18n.t(key as MessageKey);
  return badge.replace(/_/g, " "); // a badge named by a contest prize
}

const BADGE_KEYS: Record<string, true> = {
  "badge.first_share": true,
  "badge.ten_shares": true,
  "badge.hundred_shares": true,
  "badge.hundred_unique_clicks": true,
  "badge.thousand_unique_clicks": true,
  "badge.contest_winner": true,
  "badge.contest_podium": true,
};

/** What a member earns next, said before any ranking: the points to the next level and how far the
 * nearest milestone badge is. Both come from `GET /me` (the org's own level thresholds included). */
export function NextSteps(props: { me: Me }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { next_level: level, next_badge: badge } = props.me;
  return (
    <ul className="next-steps">
      <li>
        {level
          ? t("progress.toNext", { points: i18n.points(level.remaining), level: i18n.number(level.level) })
          : t("progress.topLevel")}
      </li>
      {badge ? (
        <li>
          {t("progress.nextBadge", { badge: badgeName(i18n, badge.badge) })}{" "}
          <span className="meta">
            {i18n.tp(badge.counter === "shares" ? "progress.shares" : "progress.clicks", badge.target, {
              done: i18n.number(badge.count),
            })}
          </span>
          <progress value={badge.count} max={badge.target} aria-label={badgeName(i18n, badge.badge)} />
        </li>
      ) : (
        <li>{t("progress.allBadges")}</li>
      )}
    </ul>
  );
}
