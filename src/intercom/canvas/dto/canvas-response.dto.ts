import { ApiProperty } from '@nestjs/swagger';
import type { Canvas } from '../canvas-kit';

/** Canvas Kit's `initialize_response` / `submit_response`: the card to show. */
export class CanvasResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Canvas Kit `canvas_object`: `content.components` (text, data-table, input, button) and `stored_data`.',
    example: {
      content: {
        components: [
          {
            type: 'data-table',
            items: [{ type: 'field-value', field: 'Member number', value: '12345' }],
          },
          { type: 'text', text: '✓ The contact is up to date.', style: 'muted' },
          {
            type: 'button',
            id: 'sync',
            label: 'Sync member',
            style: 'secondary',
            action: { type: 'submit' },
          },
        ],
      },
      stored_data: { member_number: '12345' },
    },
  })
  canvas!: Canvas;
}
