import type { INestApplicationContext } from '@nestjs/common';
import {
  InboxState,
  type InboxRecord,
  InboxRepository,
  InboxWorker,
  NotificationReplayService,
} from '../../intercom/inbox';
import { CliError, EXIT, type ExitCode } from '../cli-exit';

/** A row id (digits, `id` in the admin API) or Intercom's notification id (`notif_…`). */
export type ReplayTarget = { id: number } | { notificationId: string } | { failed: true };

/** How often replayed rows are looked at, and how many per look (rows are read by primary key). */
const POLL_INTERVAL_MS = 300;
const POLL_BATCH = 50;
/** Rows listed one by one in the summary; the counts cover the rest. */
const MAX_LISTED = 20;

/**
 * A replayed row has had its attempt once it is done or failed, or pending
 * again after an attempt (a retry is scheduled: the service will make it).
 */
function attempted(record: InboxRecord): boolean {
  return (
    record.state === InboxState.Done ||
    record.state === InboxState.Failed ||
    (record.state === InboxState.Pending && record.attempts > 0)
  );
}

function describe(record: InboxRecord): string {
  const head = `#${record.id} ${record.topic}`;
  if (record.state === InboxState.Done) return `${head}: done (${record.outcome ?? ''})`;
  if (record.state === InboxState.Failed) return `${head}: FAILED: ${record.lastError ?? ''}`;
  return `${head}: will be retried (${record.lastError ?? 'pending'})`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows the rows until each has had its attempt, or until the operator interrupts. */
async function follow(
  inbox: InboxRepository,
  ids: readonly number[],
  signal: AbortSignal,
): Promise<{ settled: InboxRecord[]; waiting: number }> {
  const waiting = new Set(ids);
  const settled: InboxRecord[] = [];
  while (waiting.size > 0 && !signal.aborted) {
    for (const id of [...waiting].slice(0, POLL_BATCH)) {
      const record = await inbox.find(id);
      if (!record || attempted(record)) {
        waiting.delete(id);
        if (record) settled.push(record);
      }
    }
    if (waiting.size > 0) await sleep(POLL_INTERVAL_MS);
  }
  return { settled, waiting: waiting.size };
}

/**
 * `replay <notification id>` and `replay --failed` (docs/reference.md, "Operator commands"): the rows are made due
 * again through the same service as the admin API, and this process's inbox
 * worker works on them, so a replay also works while the service is down. A
 * running service may take some of them instead; either way the command
 * waits until each has had its attempt.
 */
export async function runReplay(
  app: INestApplicationContext,
  target: ReplayTarget,
  signal: AbortSignal,
): Promise<ExitCode> {
  const replays = app.get(NotificationReplayService);
  const inbox = app.get(InboxRepository);
  app.get(InboxWorker).start();

  let ids: number[];
  if (!('failed' in target)) {
    const label = 'id' in target ? String(target.id) : target.notificationId;
    const id = 'id' in target ? target.id : await inbox.idOf(target.notificationId);
    const result = id === null ? 'not_found' : await replays.replay(id);
    if (id === null || result === 'not_found') {
      throw new CliError(`No notification has the id ${label}.`);
    }
    if (result === 'processing') {
      throw new CliError(
        `Notification ${label} is being processed right now; replay it once it has settled.`,
      );
    }
    ids = [id];
  } else {
    const replayed = await replays.replayFailed();
    if (replayed.count === 0) {
      console.log('No failed notifications.');
      return EXIT.ok;
    }
    ids = replayed.ids;
    console.error(`Replaying ${replayed.count} failed notification(s)…`);
  }

  const { settled, waiting } = await follow(inbox, ids, signal);
  const done = settled.filter((record) => record.state === InboxState.Done);
  const notDone = settled.filter((record) => record.state !== InboxState.Done);
  const listed = ids.length <= MAX_LISTED ? settled : notDone.slice(0, MAX_LISTED);
  for (const record of listed) console.log(describe(record));
  console.log(
    `${done.length} done, ${notDone.length} not done` +
      (waiting > 0
        ? `, ${waiting} still pending (interrupted; the service will process them)`
        : ''),
  );
  return notDone.length === 0 && waiting === 0 ? EXIT.ok : EXIT.failed;
}
