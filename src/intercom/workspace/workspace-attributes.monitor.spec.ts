import { dataAttributeOf } from '../../../test/support/data-attribute-fixtures';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { MEMBER_CONTACT_ATTRIBUTES } from '../enrichment/member-contact-attributes';
import { IntercomCallObserver } from '../gateway/intercom-call.observer';
import type { IntercomDataAttribute } from '../gateway/intercom-contact';
import { IntercomDryRunError, IntercomTransientError } from '../gateway/intercom.errors';
import { IntercomGateway } from '../gateway/intercom.gateway';
import {
  ALL_ATTRIBUTES_PRESENT,
  LIST_ATTRIBUTES_WARNING,
  MISSING_ATTRIBUTES_WARNING,
  WORKSPACE_CHECK_INTERVAL_MS,
  WorkspaceAttributesMonitor,
} from './workspace-attributes.monitor';
import { WorkspaceAttributesService } from './workspace-attributes.service';

const ALL = MEMBER_CONTACT_ATTRIBUTES.map((a) => a.name);

const attributes = (...names: string[]): IntercomDataAttribute[] =>
  names.map((name) => dataAttributeOf(name));
const without = (...missing: string[]) =>
  attributes(...ALL.filter((name) => !missing.includes(name)));

/** Lets the fire-and-forget check at start (and its logging) finish. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('WorkspaceAttributesMonitor', () => {
  let moduleRef: TestingModule;
  let listContactAttributes: jest.Mock<Promise<IntercomDataAttribute[]>, []>;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  const start = async () => {
    moduleRef = await Test.createTestingModule({
      providers: [
        WorkspaceAttributesService,
        WorkspaceAttributesMonitor,
        IntercomCallObserver,
        {
          provide: IntercomGateway,
          useValue: { listContactAttributes, createContactAttribute: jest.fn() },
        },
      ],
    }).compile();
    // onModuleInit and onApplicationBootstrap, as at the service's start.
    await moduleRef.init();
    return moduleRef.get(WorkspaceAttributesMonitor);
  };
  const warnings = () => warn.mock.calls.map(([message]) => message as Record<string, unknown>);
  const infos = () => log.mock.calls.map(([message]) => message as Record<string, unknown>);

  beforeEach(() => {
    listContactAttributes = jest.fn();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await moduleRef?.close();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('warns once at start, naming the missing attributes and the command that creates them', async () => {
    listContactAttributes.mockResolvedValue(without('facility', 'positions'));

    const monitor = await start();
    await settle();

    expect(listContactAttributes).toHaveBeenCalledTimes(1);
    expect(warnings()).toEqual([expect.objectContaining({ missing: ['facility', 'positions'] })]);
    expect(warnings()[0].msg).toBe(MISSING_ATTRIBUTES_WARNING);
    expect(MISSING_ATTRIBUTES_WARNING).toContain('npm run cli -- setup');
    expect(monitor.status()).toMatchObject({
      missing: ['facility', 'positions'],
      present: ['member_number', 'member_type', 'region'],
      lastError: null,
    });
    expect(monitor.status().checkedAt).toBeInstanceOf(Date);
  });

  it('logs once per distinct missing set, not at every check', async () => {
    listContactAttributes.mockResolvedValue(without('facility'));
    const monitor = await start();
    await settle();
    await monitor.refresh();
    await monitor.refresh();
    expect(listContactAttributes).toHaveBeenCalledTimes(3);
    expect(warnings()).toHaveLength(1);

    listContactAttributes.mockResolvedValue(without('facility', 'region'));
    await monitor.refresh();
    await monitor.refresh();
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]).toMatchObject({ missing: ['region', 'facility'] });

    listContactAttributes.mockResolvedValue(without());
    await monitor.refresh();
    await monitor.refresh();
    expect(warnings()).toHaveLength(2);
    expect(infos().filter((m) => m.msg === ALL_ATTRIBUTES_PRESENT)).toHaveLength(1);
    expect(monitor.status().missing).toEqual([]);

    listContactAttributes.mockResolvedValue(without('facility'));
    await monitor.refresh();
    expect(warnings()).toHaveLength(3);
  });

  it('keeps list options and archived state, and warns once per distinct set of lists', async () => {
    const asList = (options: string[]) =>
      without('member_type', 'facility').concat([
        { ...attributes('member_type')[0], options },
        { ...attributes('facility')[0], archived: true },
      ]);
    listContactAttributes.mockResolvedValue(asList(['Current Member']));
    const monitor = await start();
    await settle();
    expect(monitor.status()).toMatchObject({
      lists: [{ name: 'member_type', options: ['Current Member'] }],
      archived: ['facility'],
      missing: ['facility'],
    });
    const listWarnings = () => warnings().filter((w) => w.msg === LIST_ATTRIBUTES_WARNING);
    expect(listWarnings()).toEqual([expect.objectContaining({ lists: ['member_type'] })]);
    listContactAttributes.mockResolvedValue(asList(['Current Member', 'Retired Member']));
    await monitor.refresh();
    expect(monitor.status().lists[0].options).toEqual(['Current Member', 'Retired Member']);
    expect(listWarnings()).toHaveLength(1);
    listContactAttributes.mockResolvedValue(without());
    await monitor.refresh();
    expect(monitor.status()).toMatchObject({ lists: [], archived: [] });
    expect(listWarnings()).toHaveLength(1);
  });

  it('logs once (info) when everything is present, and never warns', async () => {
    listContactAttributes.mockResolvedValue(without());
    const monitor = await start();
    await settle();
    await monitor.refresh();

    expect(warnings()).toEqual([]);
    expect(infos().filter((m) => m.msg === ALL_ATTRIBUTES_PRESENT)).toHaveLength(1);
  });

  it('does not hold up the start while Intercom has not answered', async () => {
    listContactAttributes.mockReturnValue(new Promise(() => undefined));
    const monitor = await start();
    expect(listContactAttributes).toHaveBeenCalledTimes(1);
    expect(monitor.status().checkedAt).toBeNull();
  });

  it('checks again every hour, and no more once the application closes', async () => {
    jest.useFakeTimers();
    listContactAttributes.mockResolvedValue(without('facility'));
    await start();
    await settle();
    expect(listContactAttributes).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(WORKSPACE_CHECK_INTERVAL_MS - 1);
    expect(listContactAttributes).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(listContactAttributes).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(WORKSPACE_CHECK_INTERVAL_MS);
    expect(listContactAttributes).toHaveBeenCalledTimes(3);
    expect(warnings()).toHaveLength(1);

    await moduleRef.close();
    await jest.advanceTimersByTimeAsync(3 * WORKSPACE_CHECK_INTERVAL_MS);
    expect(listContactAttributes).toHaveBeenCalledTimes(3);
  });

  it('stays quiet in Intercom dry run, and stops checking', async () => {
    jest.useFakeTimers();
    listContactAttributes.mockRejectedValue(new IntercomDryRunError('GET /data_attributes'));
    const monitor = await start();
    await settle();
    await jest.advanceTimersByTimeAsync(2 * WORKSPACE_CHECK_INTERVAL_MS);

    expect(listContactAttributes).toHaveBeenCalledTimes(1);
    expect(warnings()).toEqual([]);
    expect(infos().filter((m) => /attribute/.test(String(m.msg)))).toEqual([]);
    expect(monitor.status()).toMatchObject({ checkedAt: null, missing: [], lastError: null });
  });

  it('warns when the check fails, and tries again later', async () => {
    listContactAttributes.mockRejectedValueOnce(
      new IntercomTransientError('GET data_attributes: HTTP 503', 503),
    );
    const monitor = await start();
    await settle();

    expect(warnings()).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/Could not check/) as unknown,
        error: 'IntercomTransientError: GET data_attributes: HTTP 503',
      }),
    ]);
    expect(monitor.status().lastError).toBe(
      'IntercomTransientError: GET data_attributes: HTTP 503',
    );

    listContactAttributes.mockResolvedValue(without('region'));
    await monitor.refresh();
    expect(monitor.status()).toMatchObject({ lastError: null, missing: ['region'] });
    expect(warnings()).toHaveLength(2);
  });

  it('shows an attribute a contact write met missing at once, without logging it again', async () => {
    listContactAttributes.mockResolvedValue(without());
    const monitor = await start();
    await settle();
    const logged = warnings().length + infos().length;

    moduleRef
      .get(IntercomCallObserver)
      .missingAttribute({ attribute: 'facility', operation: 'PUT contact' });

    expect(monitor.status()).toMatchObject({
      missing: ['facility'],
      metByWrites: ['facility'],
    });
    expect(warnings().length + infos().length).toBe(logged);

    // The next check sees the workspace as it is now, and warns about what it finds missing.
    listContactAttributes.mockResolvedValue(without('facility'));
    await monitor.refresh();
    expect(monitor.status()).toMatchObject({ missing: ['facility'], metByWrites: [] });
    expect(warnings()).toEqual([expect.objectContaining({ missing: ['facility'] })]);

    // Once created, the attribute is no longer missing.
    listContactAttributes.mockResolvedValue(without());
    await monitor.refresh();
    expect(monitor.status().missing).toEqual([]);
  });

  it('keeps what a write met while a check was under way', async () => {
    let answer: (value: IntercomDataAttribute[]) => void = () => undefined;
    listContactAttributes.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const monitor = await start();

    moduleRef
      .get(IntercomCallObserver)
      .missingAttribute({ attribute: 'region', operation: 'PUT contact' });
    answer(without());
    await monitor.refresh();

    expect(monitor.status()).toMatchObject({ missing: ['region'], metByWrites: ['region'] });
  });

  it('joins a check that is still running instead of starting another', async () => {
    let answer: (value: IntercomDataAttribute[]) => void = () => undefined;
    listContactAttributes.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const monitor = await start();

    const again = monitor.refresh();
    expect(listContactAttributes).toHaveBeenCalledTimes(1);
    answer(without('facility'));
    await again;
    expect(warnings()).toHaveLength(1);
  });
});
