/**
 * Public face of intercom/canvas: the member card, Intercom's Canvas Kit inbox app.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { CanvasModule } from './canvas.module';
