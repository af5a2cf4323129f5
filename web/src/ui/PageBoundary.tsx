import { Component, type ReactNode } from "react";
import { useLocation } from "react-router";
import { useI18n } from "../i18n";

function PageFailed() {
  const { t } = useI18n();
  return (
    <div className="error" role="alert">
      <p>{t("app.pageFailed")}</p>
      <button type="button" className="button secondary" onClick={() => window.location.reload()}>
        {t("app.reload")}
      </button>
    </div>
  );
}

interface BoundaryState {
  failed: boolean;
}

// React catches a render error only in a class component with getDerivedStateFromError (it has no
// hook for it); this one is the few lines React's documentation gives, with our message.
class Boundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failed: false };

  static getDerivedStateFromError(): BoundaryState {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

/** A page that fails to render (an answer the app did not expect) says so and offers a reload,
 * while the header and navigation stay usable; going to another page starts afresh. Without it,
 * React unmounts the whole app and leaves a blank screen. */
export function PageBoundary(props: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary key={pathname}>{props.children}</Boundary>;
}
