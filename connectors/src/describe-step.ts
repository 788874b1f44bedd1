import type { Registry } from "./registry";
import type { ActionDefinition } from "./sdk/define";
import { truncated, withFields } from "./sdk/describe";

/** Longer previews stop being glanceable in an approval list. */
const MAX_LINE = 200;

/**
 * One line saying what a step will do with these inputs, for approval checkpoints.
 * The action's own `describe` when it has one and the inputs are valid for it;
 * otherwise the connector and action titles with a few input fields. Never throws:
 * a preview that fails must not stand in the way of the approval itself.
 */
export function describeStep(registry: Registry, uses: string, input: Record<string, unknown>): string {
  const action = registry.action(uses);
  if (!action) return uses;
  const connector = registry.connectorOf(uses)?.name ?? uses;
  const line = ownDescription(action, input) ?? withFields(`${connector}: ${action.title}`, input);
  return truncated(line, MAX_LINE);
}

function ownDescription(action: ActionDefinition, input: Record<string, unknown>): string | undefined {
  if (!action.describe) return undefined;
  try {
    // describe is written against parsed props (defaults applied, IDs normalized), never raw input.
    const props = action.props.safeParse(input);
    return props.success ? action.describe(props.data) : undefined;
  } catch {
    // A buggy describe or a throwing transform costs only the specific wording.
    return undefined;
  }
}
