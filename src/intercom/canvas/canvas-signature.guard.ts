import { IntercomSignatureGuard } from '../webhook';
import { BODY_SIGNATURE } from './canvas-signature';

/**
 * `X-Body-Signature` over the canvas request's raw body, with the webhooks' secret and modes
 * (IntercomSignatureGuard): refused with 401 `{"error":"Invalid signature"}` before the body
 * is validated or anything is read.
 */
export const CanvasSignatureGuard = IntercomSignatureGuard(BODY_SIGNATURE);
