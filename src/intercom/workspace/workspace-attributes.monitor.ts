import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { IntercomCallObserver, IntercomDryRunError } from '../gateway';
import { describeError } from '../inbox';
import { WorkspaceAttributesService } from './workspace-attributes.service';

/** How often the workspace is checked again after the check at start. */
export const WORKSPACE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/** The warning, with the missing attributes in `missing`: one message to search the logs for. */
export const MISSING_ATTRIBUTES_WARNING =
  'The Intercom workspace lacks contact data attributes the service writes; contacts are ' +
  'written without them. Run `npm run cli -- setup` to create them';

/** The info line once every attribute is there. */
export const ALL_ATTRIBUTES_PRESENT =
  'The Intercom workspace has every contact data attribute the service writes';

/** The warning, with the list attributes in `lists`: values outside their options are left out. */
export const LIST_ATTRIBUTES_WARNING =
  'Contact data attributes the service writes are list attributes in the Intercom workspace; ' +
  'a value outside their options is left out of the write. Add the missing options in ' +
  "Intercom's settings (Settings → Data → People), or use a text attribute";

/** What the service knows about the workspace's contact attributes, e.g. for operators. */
export interface WorkspaceAttributesStatus {
  /** When the last check answered; null before the first one (or in dry run). */
  checkedAt: Date | null;
  /** Attributes of the service the last check found. */
  present: string[];
  /**
   * Attributes of the service the workspace lacks: those the last check did not
   * find, and those a contact write met since that check began.
   */
  missing: string[];
  /** The subset of `missing` that contact writes met since the last check began. */
  metByWrites: string[];
  /** The subset of `missing` that the workspace has archived (writes to them store nothing). */
  archived: string[];
  /** Attributes of the service that are list attributes, with their options. */
  lists: Array<{ name: string; options: string[] }>;
  /** Why the last check failed; null when it answered. */
  lastError: string | null;
}

/**
 * Watches that the workspace has the contact attributes the service writes:
 * checks at application start (without delaying it) and then hourly, and warns
 * once per distinct set of missing attributes, naming them and the command that
 * creates them. Contact writes that meet a missing attribute (reported by the
 * gateway, which logs each of them itself) show in the same status at once.
 * Quiet in Intercom dry run (no token: nothing can be read).
 */
@Injectable()
export class WorkspaceAttributesMonitor
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(WorkspaceAttributesMonitor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private checkedAt: Date | null = null;
  private present: string[] = [];
  private checkedMissing: string[] = [];
  private archived: string[] = [];
  private lists: Array<{ name: string; options: string[] }> = [];
  /** The list attributes last logged (names joined), undefined before any. */
  private loggedListsKey?: string;
  /** Attribute → the number of the last report of it (reports are counted, in order). */
  private readonly metByWrites = new Map<string, number>();
  private reports = 0;
  private lastError: string | null = null;
  /** The missing set last logged (sorted names joined), undefined before any. */
  private loggedKey?: string;

  constructor(
    private readonly attributes: WorkspaceAttributesService,
    private readonly observer: IntercomCallObserver,
  ) {}

  onModuleInit(): void {
    this.observer.subscribeMissingAttribute(({ attribute }) => {
      this.reports += 1;
      this.metByWrites.set(attribute, this.reports);
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), WORKSPACE_CHECK_INTERVAL_MS);
    this.timer.unref();
    // Not awaited: the start never waits for Intercom. refresh() never rejects.
    void this.refresh();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  status(): WorkspaceAttributesStatus {
    const written = [...this.metByWrites.keys()];
    return {
      checkedAt: this.checkedAt,
      present: [...this.present],
      missing: [...new Set([...this.checkedMissing, ...written])],
      metByWrites: written,
      archived: [...this.archived],
      lists: this.lists.map(({ name, options }) => ({ name, options: [...options] })),
      lastError: this.lastError,
    };
  }

  /** Checks the workspace now (a check already running is joined, not repeated). */
  refresh(): Promise<void> {
    this.running ??= this.runCheck().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runCheck(): Promise<void> {
    const reportsBefore = this.reports;
    try {
      const { present, missing, archived } = await this.attributes.check();
      if (this.stopped) return;
      this.checkedAt = new Date();
      this.present = present.map((attribute) => attribute.name);
      this.checkedMissing = missing;
      this.archived = archived;
      this.lists = present
        .filter((attribute) => attribute.options.length > 0)
        .map(({ name, options }) => ({ name, options }));
      this.reportLists();
      this.lastError = null;
      // The check is newer than what writes met before it began.
      for (const [name, report] of this.metByWrites) {
        if (report <= reportsBefore) this.metByWrites.delete(name);
      }
      this.report(missing);
    } catch (error) {
      if (error instanceof IntercomDryRunError) {
        // No token: nothing can be read, now or later. The gateway said so at start.
        clearInterval(this.timer);
        return;
      }
      if (this.stopped) return;
      this.lastError = describeError(error);
      this.logger.warn({
        msg: 'Could not check the contact data attributes of the Intercom workspace; trying again in an hour',
        error: this.lastError,
      });
    }
  }

  /** Warns when the service's list attributes differ from those logged last. */
  private reportLists(): void {
    const key = this.lists.map((list) => list.name).join(',');
    if (key === (this.loggedListsKey ?? '')) return;
    this.loggedListsKey = key;
    if (this.lists.length === 0) return;
    this.logger.warn({
      msg: LIST_ATTRIBUTES_WARNING,
      lists: this.lists.map((list) => list.name),
    });
  }

  /** Logs only when the missing set differs from the one logged last. */
  private report(missing: string[]): void {
    const key = [...missing].sort().join(',');
    if (key === this.loggedKey) return;
    this.loggedKey = key;
    if (missing.length === 0) {
      this.logger.log({ msg: ALL_ATTRIBUTES_PRESENT });
      return;
    }
    this.logger.warn({
      msg: MISSING_ATTRIBUTES_WARNING,
      missing,
    });
  }
}
