import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString } from 'class-validator';

const object = (description: string) =>
  ApiPropertyOptional({ type: 'object', additionalProperties: true, description });

/**
 * Canvas Kit's `initialize_request` and `submit_request` (Intercom's 2.11 OpenAPI), as far
 * as the member card reads them. Every field is optional here: the OpenAPI marks the
 * Messenger ones required, and Inbox requests leave them out (docs/reference.md, "Member card").
 */
export class CanvasRequestDto {
  @ApiProperty({ required: false, example: 'ecahpwf5' })
  @IsOptional()
  @IsString()
  workspace_id?: string;

  @ApiPropertyOptional({ example: 'us' })
  @IsOptional()
  @IsString()
  workspace_region?: string;

  @object('The teammate viewing the conversation (`id`, `name`, `email`).')
  @IsOptional()
  @IsObject()
  admin?: Record<string, unknown>;

  @object(
    'The contact viewed in the conversation details (`id`, `role`, `email`, `custom_attributes`).',
  )
  @IsOptional()
  @IsObject()
  contact?: Record<string, unknown>;

  @object(
    "The viewed contact under the name Intercom's field table gives it; read when `contact` is absent.",
  )
  @IsOptional()
  @IsObject()
  customer?: Record<string, unknown>;

  @object('The conversation (`id`, `custom_attributes`).')
  @IsOptional()
  @IsObject()
  conversation?: Record<string, unknown>;

  @object('Messenger context; not read.')
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  @object('Messenger card creation options; not read.')
  @IsOptional()
  @IsObject()
  card_creation_options?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'sync', description: 'Submit only: the component clicked.' })
  @IsOptional()
  @IsString()
  component_id?: string;

  @object(
    'Submit only: values of the card\'s inputs by component id, e.g. `{"member_number": "12345"}`.',
  )
  @IsOptional()
  @IsObject()
  input_values?: Record<string, unknown>;

  @object('Submit only: the canvas shown, with the `stored_data` the card returned.')
  @IsOptional()
  @IsObject()
  current_canvas?: Record<string, unknown>;

  @object('The `stored_data` the card returned, when Intercom sends it at the top level.')
  @IsOptional()
  @IsObject()
  stored_data?: Record<string, unknown>;

  @object('Submit only: the user who took the action (Messenger); not read.')
  @IsOptional()
  @IsObject()
  user?: Record<string, unknown>;
}
