/**
 * Apply one validated control message to a session. The token was checked by
 * the caller; a value the session cannot take throws a ControlError.
 */
import type { ControlMessage } from './wire.ts';
import { ControlError, type Session } from '../sim/session/index.ts';
import type { LessonDesk } from './lessons.ts';

/**
 * Turn one wire control message into the session call it names (a refused value throws
 * ControlError); the lesson actions go to `lessons`, the server's lesson desk.
 */
export function applyControl(
  session: Session,
  message: ControlMessage,
  lessons?: LessonDesk,
): void {
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
    case 'settle-speed':
      return session.setSettleSpeed(message.iterationsPerSecond);
    case 'show-class':
      return session.showClass(message.label);
    case 'previous-input':
      return session.previousInput();
    case 'hold-input':
      return session.holdInput(message.held);
    case 'lesson':
      return desk(lessons).choose(message.lesson);
    case 'lesson-next':
      return desk(lessons).next();
    case 'lesson-back':
      return desk(lessons).back();
    case 'train-from-scratch':
      return session.trainFromScratch();
  }
}

/** The server's lesson desk, or a ControlError when it has none. */
function desk(lessons: LessonDesk | undefined): LessonDesk {
  if (lessons === undefined) throw new ControlError('lesson: this server offers no lessons');
  return lessons;
}
