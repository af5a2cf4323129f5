import { type MouseEvent, Suspense, useState } from "react";
import { NavLink, Outlet } from "react-router";
import { atLeast } from "../admin/access";
import { ADMIN_SCREENS } from "../admin/screens";
import { useMe } from "../api/queries";
import { useAuth } from "../auth/context";
import type { MessageKey } from "../i18n/en";
import { useAccountLanguage, useI18n } from "../i18n";
import { Skeleton } from "./components";
import { OfflineBanner } from "./OfflineBanner";
import { PageBoundary } from "./PageBoundary";

export const NAV: readonly { to: string; label: MessageKey; end?: boolean }[] = [
  { to: "/", label: "nav.feed", end: true },
  { to: "/leaderboard", label: "nav.leaderboard" },
  { to: "/rewards", label: "nav.rewards" },
  { to: "/contests", label: "nav.contests" },
  { to: "/activity", label: "nav.activity" },
  { to: "/profile", label: "nav.profile" },
];

function focusMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById("main");
  if (!main) return;
  event.preventDefault();
  main.focus();
}

/** The first stop of the keyboard on every page: straight to the page's main content. */
function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main" onClick={focusMain}>
      {t("app.skip")}
    </a>
  );
}

/** The signed-in shell: skip link, header with the navigation and sign-out, offline banner, main. */
export function Layout() {
  const { t } = useI18n();
  const auth = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  const me = useMe().data;
  const role = me?.role;
  useAccountLanguage(me?.language);
  const manage = ADMIN_SCREENS.filter((screen) => atLeast(role, screen.least));
  return (
    <>
      <SkipLink />
      <header className="topbar">
        <div className="topbar-inner">
          <span className="brand">{t("app.name")}</span>
          <button
            type="button"
            className="button ghost sign-out"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void auth.signOut().finally(() => setSigningOut(false));
            }}
          >
            {signingOut ? t("nav.signingOut") : t("nav.signOut")}
          </button>
        </div>
        <nav aria-label={t("nav.label")} className="nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {manage.length > 0 ? (
          <nav aria-label={t("nav.manage")} className="nav nav-manage">
            <ul>
              {manage.map((screen) => (
                <li key={screen.path}>
                  <NavLink to={screen.path}>{t(screen.label)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <OfflineBanner />
      <main id="main" tabIndex={-1} className="main">
        <PageBoundary>
          <Suspense fallback={<Skeleton />}>
            <Outlet />
          </Suspense>
        </PageBoundary>
      </main>
    </>
  );
}

/** The shell of the signed-out pages (sign-in, password reset). */
export function PublicLayout() {
  const { t } = useI18n();
  return (
    <>
      <SkipLink />
      <header className="topbar">
        <div className="topbar-inner">
          <span className="brand">{t("app.name")}</span>
        </div>
      </header>
      <OfflineBanner />
      <main id="main" tabIndex={-1} className="main narrow">
        <PageBoundary>
          <Suspense fallback={<Skeleton count={1} />}>
            <Outlet />
          </Suspense>
        </PageBoundary>
      </main>
    </>
  );
}
