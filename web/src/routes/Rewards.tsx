import { useState } from "react";
import { newIdempotencyKey } from "../api/client";
import { offlineError } from "../api/errors";
import { allItems, useMe, useMyRedemptions, useRedeem, useRewards } from "../api/queries";
import type { RedemptionCreated, Reward } from "../api/types";
import { useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, Section, useAutoFill } from "../ui/components";
import { Dialog } from "../ui/Dialog";

export default function RewardsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const rewards = useRewards();
  const redemptions = useMyRedemptions();
  const catalog = allItems(rewards.data);
  const mine = allItems(redemptions.data);
  useAutoFill(rewards, catalog.length);
  useAutoFill(redemptions, mine.length);
  const [confirming, setConfirming] = useState<{ reward: Reward; key: string } | null>(null);
  const [done, setDone] = useState<RedemptionCreated | null>(null);
  const balance = me.data?.points.balance;

  let catalogBody;
  if (rewards.isPending || (catalog.length === 0 && rewards.hasNextPage && !rewards.isError)) {
    catalogBody = <Loading query={rewards} count={3} lines={3} />;
  } else if (rewards.isError && catalog.length === 0) {
    catalogBody = <ErrorMessage error={rewards.error} onRetry={() => void rewards.refetch()} />;
  } else if (catalog.length === 0) {
    catalogBody = <EmptyState>{t("rewards.empty")}</EmptyState>;
  } else {
    catalogBody = (
      <>
        <ul className="cards grid">
          {catalog.map((reward) => {
            const soldOut = reward.stock === 0;
            const short = balance !== undefined && balance < reward.cost ? reward.cost - balance : 0;
            // Why it cannot be redeemed now, said next to the disabled button (and read with it).
            const reason = soldOut
              ? t("rewards.noneLeft")
              : short > 0
                ? t("rewards.needMore", { points: i18n.points(short) })
                : null;
            const reasonId = `reward-${reward.reward_id}-reason`;
            return (
              <li key={reward.reward_id} className="card reward">
                <h3>{reward.name}</h3>
                {reward.description ? <p className="card-text">{reward.description}</p> : null}
                <p className="meta">
                  <span className="pill">{t("rewards.cost", { points: i18n.points(reward.cost) })}</span>
                  <span>
                    {reward.stock === null
                      ? t("rewards.unlimited")
                      : soldOut
                        ? t("rewards.soldOut")
                        : i18n.tp("rewards.stock", reward.stock)}
                  </span>
                  {reward.per_member_limit !== null ? (
                    <span>{t("rewards.limit", { count: i18n.number(reward.per_member_limit) })}</span>
                  ) : null}
                </p>
                <div className="redeem">
                  <button
                    type="button"
                    className="button primary"
                    disabled={reason !== null}
                    aria-label={t("rewards.redeemName", { name: reward.name })}
                    aria-describedby={reason !== null ? reasonId : undefined}
                    onClick={() => {
                      setDone(null);
                      setConfirming({ reward, key: newIdempotencyKey() });
                    }}
                  >
                    {t("rewards.redeem")}
                  </button>
                  {reason !== null ? (
                    <p className="hint" id={reasonId}>
                      {reason}
                    </p>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
        <LoadMore query={rewards} />
      </>
    );
  }

  let mineBody;
  if (redemptions.isPending) {
    mineBody = <Loading query={redemptions} variant="row" count={2} lines={1} />;
  } else if (redemptions.isError && mine.length === 0) {
    mineBody = <ErrorMessage error={redemptions.error} onRetry={() => void redemptions.refetch()} />;
  } else if (mine.length === 0) {
    mineBody = <EmptyState>{t("rewards.mineEmpty")}</EmptyState>;
  } else {
    mineBody = (
      <>
        <ul className="list">
          {mine.map((r) => (
            <li key={r.redemption_id} className="list-row">
              <span className="list-main">{r.reward_name ?? r.reward_id}</span>
              <span className={`pill status-${r.status}`}>{t(`rewards.status.${r.status}` as const)}</span>
              <span className="meta">
                {t("rewards.requested", { date: i18n.dateTime(r.created_at) })} · {i18n.points(r.cost)}
              </span>
              {r.note ? <span className="meta">{t("rewards.note", { note: r.note })}</span> : null}
            </li>
          ))}
        </ul>
        <LoadMore query={redemptions} />
      </>
    );
  }

  return (
    <>
      <PageHeading title={t("rewards.title")} />
      <section className="balance" aria-label={t("rewards.balance")}>
        <h2>{t("rewards.balance")}</h2>
        {me.isPending ? (
          // Offline, the catalog below says it waits for the connection: no placeholder here for ever.
          me.fetchStatus === "paused" ? null : <p aria-hidden="true" className="skeleton-line" />
        ) : me.isError ? (
          <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
        ) : (
          <p className="big">{i18n.points(me.data.points.balance)}</p>
        )}
      </section>
      <div role="status" className="status-line">
        {done
          ? t("rewards.redeemed", {
              name: done.reward_name ?? "",
              status: t(`rewards.status.${done.status}` as const).toLowerCase(),
              balance: i18n.points(done.balance),
            })
          : null}
      </div>
      <Section title={t("rewards.catalog")}>{catalogBody}</Section>
      <Section title={t("rewards.mine")}>{mineBody}</Section>
      {confirming ? (
        <RedeemDialog
          reward={confirming.reward}
          idempotencyKey={confirming.key}
          balance={balance}
          onClose={() => setConfirming(null)}
          onDone={(result) => {
            setConfirming(null);
            setDone(result);
          }}
        />
      ) : null}
    </>
  );
}

function RedeemDialog(props: {
  reward: Reward;
  idempotencyKey: string;
  balance: number | undefined;
  onClose: () => void;
  onDone: (result: RedemptionCreated) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const redeem = useRedeem();
  const [offline, setOffline] = useState<unknown>(null);
  return (
    <Dialog
      title={t("rewards.confirmTitle", { name: props.reward.name })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={props.onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className="button primary"
            aria-disabled={redeem.isPending || undefined}
            onClick={() => {
              if (redeem.isPending) return;
              const error = offlineError();
              setOffline(error);
              if (error) return;
              redeem.mutate(
                { rewardId: props.reward.reward_id, idempotencyKey: props.idempotencyKey },
                { onSuccess: props.onDone },
              );
            }}
          >
            {redeem.isPending ? t("rewards.redeeming") : t("rewards.confirm")}
          </button>
        </>
      }
    >
      <p>
        {t("rewards.confirmBody", {
          cost: i18n.points(props.reward.cost),
          balance: props.balance === undefined ? "…" : i18n.points(props.balance),
        })}
      </p>
      {offline ? <ErrorMessage error={offline} /> : redeem.isError ? <ErrorMessage error={redeem.error} /> : null}
    </Dialog>
  );
}
