import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { intercomConfig } from '../../../common/config/intercom.config';
import { IntercomRequestError } from '../../gateway/intercom.errors';
import type { IntercomGateway } from '../../gateway/intercom.gateway';
import type { SyncNoteKind } from './sync-note';
import type { SyncNoteRepository } from './sync-note.repository';
import { SyncNoteWriter } from './sync-note.writer';

describe('SyncNoteWriter', () => {
  let written: Map<string, SyncNoteKind>;
  let addConversationNote: jest.Mock;
  let adminId: string | undefined;

  const notes: SyncNoteRepository = {
    writtenFor: (id: string) => Promise.resolve(written.get(id) ?? null),
    record: (id: string, kind: SyncNoteKind) => {
      written.set(id, kind);
      return Promise.resolve();
    },
  };
  const writer = () =>
    new SyncNoteWriter({ addConversationNote } as unknown as IntercomGateway, notes, {
      adminId,
      syncTag: 'mynatca-sync',
    } as ConfigType<typeof intercomConfig>);
  const target = { notificationId: 'n1', conversationId: 'c1', adminId: 'tagger' };

  beforeEach(() => {
    written = new Map();
    addConversationNote = jest.fn().mockResolvedValue(undefined);
    adminId = 'fallback-admin';
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes one note per notification and outcome, as the admin who tagged', async () => {
    await expect(writer().write(target, { kind: 'failed' })).resolves.toBe('written');
    await expect(writer().write(target, { kind: 'failed' })).resolves.toBe('already_written');
    expect(addConversationNote).toHaveBeenCalledTimes(1);
    expect(addConversationNote).toHaveBeenCalledWith(
      'c1',
      'tagger',
      expect.stringContaining('failed'),
    );
  });

  it('writes a new note when a replay ends with another outcome', async () => {
    await writer().write(target, { kind: 'failed' });
    await writer().write(target, { kind: 'member_not_found', memberNumber: '1' });
    expect(addConversationNote).toHaveBeenCalledTimes(2);
    expect(written.get('n1')).toBe('member_not_found');
  });

  it('falls back to INTERCOM_ADMIN_ID, and writes nothing without any admin', async () => {
    await writer().write({ ...target, adminId: undefined }, { kind: 'failed' });
    expect(addConversationNote).toHaveBeenLastCalledWith(
      'c1',
      'fallback-admin',
      expect.any(String),
    );
    adminId = undefined;
    await expect(
      writer().write({ ...target, notificationId: 'n2', adminId: undefined }, { kind: 'failed' }),
    ).resolves.toBe('no_admin');
    expect(addConversationNote).toHaveBeenCalledTimes(1);
  });

  it('does not fail when Intercom refuses the note, and does not record it', async () => {
    addConversationNote.mockRejectedValue(new IntercomRequestError('POST note: HTTP 400', 400));
    await expect(writer().write(target, { kind: 'failed' })).resolves.toBe('refused');
    expect(written.has('n1')).toBe(false);
  });
});
