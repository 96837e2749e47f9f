/** A member card (Canvas Kit canvas) as plain text lines, as the walkthrough prints it. */
interface CanvasLike {
  canvas?: { content?: { components?: unknown[] } };
}

type Component = Record<string, unknown>;

function lines(component: Component): string[] {
  switch (component.type) {
    case 'text':
      return [String(component.text)];
    case 'data-table':
      return (component.items as Array<{ field: string; value: string }>).map(
        (item) => `${item.field}: ${item.value}`,
      );
    case 'input': {
      const failed = component.save_state === 'failed' ? ' (failed)' : '';
      const value = typeof component.value === 'string' ? component.value : '';
      return [`[${String(component.label)}: ${value}]${failed}`];
    }
    case 'button':
      return [`(${String(component.label)})`];
    default:
      return [];
  }
}

export function cardText(body: CanvasLike): string {
  const components = (body.canvas?.content?.components ?? []) as Component[];
  return components.flatMap(lines).join('\n');
}
