/**
 * Apply one validated control message to a session. The token was checked by
 * the caller; a value the session cannot take throws a ControlError.
 */
import type { ControlMessage } from './wire.ts';
import type { Session } from '../sim/session/index.ts';

/** Turn one wire control message into the session call it names (a refused value throws ControlError). */
export function applyControl(session: Session, message: ControlMessage): void {
  switch (message.action) {
    case 'play':
      return session.play();
    case 'pause':
      return session.pause();
    case 'step':
      return session.step();
    case 'speed':
      return session.setSpeed(message.ticksPerSecond);
    case 'mode':
      return session.setMode(message.mode);
    case 'input':
      return session.setInput(message.pixels);
    case 'next-input':
      return session.nextInput();
    case 'occlude':
      return session.setOcclusion(message.occlusion);
    case 'clamp':
      return session.setClamp(message.values);
    case 'lesion-feedback':
      return session.lesionFeedback(message.lesioned);
    case 'settle-auto-advance':
      return session.setSettleAutoAdvance(message.enabled);
  }
}
