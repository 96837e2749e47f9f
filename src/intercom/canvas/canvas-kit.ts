/**
 * Canvas Kit's wire types, written from Intercom's 2.11 OpenAPI description (the
 * `canvas_object`, `content_object` and `*_component` schemas): intercom-client 7.x no
 * longer ships them. Only the components and fields the member card uses are typed.
 */

/** `submit_action_component` and `url_action_component` (sheets exist only in the Messenger). */
export type CanvasAction = { type: 'submit' } | { type: 'url'; url: string };

/** `text_component`: markdown bold and links; `muted` for empty and error states (Intercom's inbox rules). */
export interface TextComponent {
  type: 'text';
  id?: string;
  text: string;
  align?: 'left' | 'center' | 'right';
  style?: 'header' | 'paragraph' | 'muted' | 'error';
  bottom_margin?: 'none';
}

/** `data_table_item`: one row; the Inbox cuts a long value and shows it whole on hover. */
export interface DataTableItem {
  type: 'field-value';
  field: string;
  value: string;
}

export interface DataTableComponent {
  type: 'data-table';
  items: DataTableItem[];
}

/** `input_component`; `save_state: failed` shows the value refused. */
export interface InputComponent {
  type: 'input';
  id: string;
  label?: string;
  placeholder?: string;
  value?: string;
  action?: CanvasAction;
  save_state?: 'unsaved' | 'saved' | 'failed';
  disabled?: boolean;
}

/** `button_component`; the inbox's first card carries no `primary` one (Intercom's inbox rules). */
export interface ButtonComponent {
  type: 'button';
  id: string;
  label: string;
  action: CanvasAction;
  style?: 'primary' | 'secondary' | 'link';
  disabled?: boolean;
}

export interface SpacerComponent {
  type: 'spacer';
  size?: 'xs' | 's' | 'm' | 'l' | 'xl';
}

export interface DividerComponent {
  type: 'divider';
  bottom_margin?: 'none';
}

export type CanvasComponent =
  | TextComponent
  | DataTableComponent
  | InputComponent
  | ButtonComponent
  | SpacerComponent
  | DividerComponent;

/** `canvas_object` (a static one: `content`, never `content_url`, which only the Messenger reads). */
export interface Canvas {
  content: { components: CanvasComponent[] };
  /** Sent back with the next request; at most 64 KB. */
  stored_data?: Record<string, unknown>;
}

/** `initialize_response` and `submit_response` alike. */
export interface CanvasResponse {
  canvas: Canvas;
}
