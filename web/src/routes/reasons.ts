import type { Lang } from "../i18n";

/** Why a connection or an auto-post stopped, as the API codes it (connections: `expired`,
 * `refresh_refused`, `revoked`, `unreadable`; auto-posts: also the network's refusals, the member's
 * own settings and the content's state), in words a member reads. A code not listed here (a
 * network's own refusal) reads as the network refusing. */
const REASONS = {
  en: {
    expired: "the connection has expired",
    refresh_refused: "the network refused to renew the connection",
    revoked: "the connection was withdrawn or may not post",
    unreadable: "the connection's saved keys could not be read",
    duplicate: "the network refused it as a copy of a recent post",
    credits: "your program's posting allowance on this network is spent for now",
    configuration: "your program's link to this network is not set up right",
    rejected: "the network refused the post's content",
    unexpected: "the network gave an answer we do not understand",
    rate_limited: "the network is limiting posts for now",
    unavailable: "the network was not answering properly",
    timeout: "the network did not answer in time",
    opted_out: "you turned auto-share off for this network",
    not_offered: "your program no longer offers this network",
    member_inactive: "your account is not active",
    not_found: "the content is no longer available",
    conflict: "the content expired or changed before it could be posted",
    forbidden: "the content no longer reaches you",
    other: "the network refused it",
  },
  it: {
    expired: "il collegamento è scaduto",
    refresh_refused: "la rete non ha rinnovato il collegamento",
    revoked: "il collegamento è stato revocato o non può pubblicare",
    unreadable: "non è stato possibile leggere le chiavi salvate del collegamento",
    duplicate: "la rete l'ha rifiutato perché uguale a un post recente",
    credits: "il credito di pubblicazione del tuo programma su questa rete è esaurito per ora",
    configuration: "il collegamento del tuo programma a questa rete non è configurato bene",
    rejected: "la rete ha rifiutato il contenuto del post",
    unexpected: "la rete ha dato una risposta che non comprendiamo",
    rate_limited: "la rete sta limitando i post in questo momento",
    unavailable: "la rete non rispondeva correttamente",
    timeout: "la rete non ha risposto in tempo",
    opted_out: "hai disattivato la condivisione automatica per questa rete",
    not_offered: "il tuo programma non offre più questa rete",
    member_inactive: "il tuo account non è attivo",
    not_found: "il contenuto non è più disponibile",
    conflict: "il contenuto è scaduto o è cambiato prima della pubblicazione",
    forbidden: "il contenuto non è più destinato a te",
    other: "la rete l'ha rifiutato",
  },
} as const;

type Reason = keyof (typeof REASONS)["en"];

export function reasonWords(lang: Lang, reason: string): string {
  const words: Record<Reason, string> = REASONS[lang];
  return Object.hasOwn(words, reason) ? words[reason as Reason] : words.other;
}
