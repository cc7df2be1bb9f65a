/**
 * State machine names as serverless.yml gives them (`sync`) to ARNs, by ListStateMachines: the exact
 * name first (the local runtime's machines, or a deployed machine named plainly), then the serverless
 * naming `<service>-<stage>-<name>`, any stage unless `stage` is given. An ARN is used as is.
 */
import { paginateListExecutions, paginateListStateMachines, type SFNClient, type StateMachineListItem } from '@aws-sdk/client-sfn';

/** Pages read at most (1000 machines each); an account with more gives a clear error, not a hang. */
const MAX_PAGES = 20;

export class MachineNotFound extends Error {
  override readonly name = 'MachineNotFound';
}

async function listMachines(sfn: SFNClient): Promise<StateMachineListItem[]> {
  const machines: StateMachineListItem[] = [];
  let pages = 0;
  for await (const page of paginateListStateMachines({ client: sfn, pageSize: 1000 }, {})) {
    machines.push(...(page.stateMachines ?? []));
    if ((pages += 1) >= MAX_PAGES) break;
  }
  return machines;
}

/** Picks the machine named `name` from a list (pure, so the naming rule is testable on its own). */
export function pickMachine(machines: readonly StateMachineListItem[], name: string, stage?: string): StateMachineListItem {
  const exact = machines.find((m) => m.name === name);
  if (exact && !stage) return exact;
  const suffix = stage ? `-${stage}-${name}` : `-${name}`;
  const candidates = machines.filter((m) => m.name?.endsWith(suffix) && m.name.length > suffix.length);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new MachineNotFound(`'${name}' matches ${candidates.map((m) => m.name).join(', ')}; give --stage, the full name or the ARN.`);
  }
  const known = machines.map((m) => m.name).join(', ') || 'none';
  throw new MachineNotFound(`No state machine '${name}'${stage ? ` in stage ${stage}` : ''}. Known: ${known}.`);
}

export async function findStateMachineArn(sfn: SFNClient, nameOrArn: string, stage?: string): Promise<string> {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return pickMachine(await listMachines(sfn), nameOrArn, stage).stateMachineArn!;
}

/** An execution's ARN from its ARN, or from its name by looking through every machine's executions. */
export async function findExecutionArn(sfn: SFNClient, nameOrArn: string): Promise<string> {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  for (const machine of await listMachines(sfn)) {
    let pages = 0;
    for await (const page of paginateListExecutions({ client: sfn, pageSize: 1000 }, { stateMachineArn: machine.stateMachineArn })) {
      const found = page.executions?.find((e) => e.name === nameOrArn);
      if (found) return found.executionArn!;
      if ((pages += 1) >= MAX_PAGES) break;
    }
  }
  throw new MachineNotFound(`No execution '${nameOrArn}' (give its name or ARN).`);
}
