/**
 * `GET /admission`: whether a socket from the asking address would be let in now, and
 * if not, why. A page whose socket was refused asks here to tell its viewer the reason
 * (a browser hides a refused websocket's answer from the page).
 */
import type { Express } from 'express';
import { remoteAddress, type Admission } from './admission.ts';

/** What `GET /admission` answers. */
export interface AdmissionAnswer {
  /** Whether a connection from this address would be let in now. */
  admitted: boolean;
  /** Why not, in words for the viewer (absent when admitted). */
  reason?: string;
  /** Viewers connected now. */
  viewers: number;
  /** The bounds. */
  limits: Admission['limits'];
}

/** Mount `GET /admission` on `app`, answering from `admission`. */
export function mountAdmissionRoute(app: Express, admission: Admission): void {
  app.get('/admission', (req, res) => {
    const reason = admission.refusal(remoteAddress(req));
    const answer: AdmissionAnswer = {
      admitted: reason === null,
      ...(reason !== null ? { reason } : {}),
      viewers: admission.counts().open,
      limits: admission.limits,
    };
    res.set('Cache-Control', 'no-store').json(answer);
  });
}
