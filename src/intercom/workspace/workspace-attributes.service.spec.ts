import { dataAttributeOf } from '../../../test/support/data-attribute-fixtures';
import { MEMBER_CONTACT_ATTRIBUTES } from '../enrichment/member-contact-attributes';
import type { IntercomDataAttribute, NewContactAttribute } from '../gateway/intercom-contact';
import {
  IntercomAlreadyExistsError,
  IntercomRequestError,
  IntercomTransientError,
} from '../gateway/intercom.errors';
import type { IntercomGateway } from '../gateway/intercom.gateway';
import { WorkspaceAttributesService } from './workspace-attributes.service';

const attribute = dataAttributeOf;

/** Intercom's own contact attributes, always listed beside the custom ones. */
const STANDARD = [
  attribute('email', { custom: false }),
  attribute('name', { custom: false }),
  attribute('phone', { custom: false }),
];

const ALL = MEMBER_CONTACT_ATTRIBUTES.map((a) => a.name);
const descriptionOf = (name: string) =>
  MEMBER_CONTACT_ATTRIBUTES.find((a) => a.name === name)?.description;

function mockGateway(listed: IntercomDataAttribute[]) {
  const gateway = {
    listContactAttributes: jest
      .fn<Promise<IntercomDataAttribute[]>, []>()
      .mockImplementation(() => Promise.resolve(listed)),
    createContactAttribute: jest
      .fn<Promise<IntercomDataAttribute>, [NewContactAttribute]>()
      .mockImplementation(({ name }) => Promise.resolve(attribute(name))),
  };
  return {
    gateway,
    service: new WorkspaceAttributesService(gateway as unknown as IntercomGateway),
  };
}

const alreadyExists = (_name: string) => new IntercomAlreadyExistsError('POST data_attributes');

describe('WorkspaceAttributesService.check', () => {
  it('finds every attribute of the service with one call to Intercom', async () => {
    const { gateway, service } = mockGateway([...STANDARD, ...ALL.map((name) => attribute(name))]);

    const check = await service.check();

    expect(check).toEqual({
      present: ALL.map((name) => ({ name, dataType: 'string', options: [] })),
      missing: [],
      archived: [],
    });
    expect(gateway.listContactAttributes).toHaveBeenCalledTimes(1);
    expect(gateway.createContactAttribute).not.toHaveBeenCalled();
  });

  it('counts only an exact name: other letter case, spaces or longer names are missing', async () => {
    const { service } = mockGateway([
      ...STANDARD,
      attribute('member_number'),
      attribute('Member_Type'),
      attribute('region '),
      attribute('facility_code'),
      attribute('position'),
    ]);

    const check = await service.check();

    expect(check.present.map((a) => a.name)).toEqual(['member_number']);
    expect(check.missing).toEqual(['member_type', 'region', 'facility', 'positions']);
  });

  it('counts an archived attribute, or one of another model, as missing', async () => {
    const { service } = mockGateway([
      ...ALL.filter((name) => name !== 'facility' && name !== 'region').map((name) =>
        attribute(name),
      ),
      attribute('facility', { archived: true }),
      attribute('region', { model: 'company' }),
    ]);

    const check = await service.check();
    expect(check.missing).toEqual(['region', 'facility']);
    expect(check.archived).toEqual(['facility']);
  });

  it('reports the options of a list attribute', async () => {
    const { service } = mockGateway(
      ALL.map((name) =>
        attribute(name, name === 'member_type' ? { options: ['Current Member', 'Member'] } : {}),
      ),
    );
    const check = await service.check();
    expect(check.present.find((a) => a.name === 'member_type')?.options).toEqual([
      'Current Member',
      'Member',
    ]);
    expect(check.present.filter((a) => a.options.length > 0)).toHaveLength(1);
  });

  it('reports the data type of attributes that exist', async () => {
    const { service } = mockGateway([
      ...ALL.map((name) =>
        attribute(name, name === 'member_number' ? { dataType: 'integer' } : {}),
      ),
    ]);
    expect((await service.check()).present[0]).toEqual({
      name: 'member_number',
      dataType: 'integer',
      options: [],
    });
  });

  it('passes Intercom failures on', async () => {
    const { gateway, service } = mockGateway([]);
    gateway.listContactAttributes.mockRejectedValueOnce(
      new IntercomTransientError('GET data_attributes: HTTP 503', 503),
    );
    await expect(service.check()).rejects.toBeInstanceOf(IntercomTransientError);
  });
});

describe('WorkspaceAttributesService.setup', () => {
  const withoutFacility = () =>
    mockGateway([
      ...STANDARD,
      ...ALL.filter((name) => name !== 'facility').map((name) => attribute(name)),
    ]);

  it('creates only the missing attributes, as text with their description', async () => {
    const { gateway, service } = withoutFacility();

    const result = await service.setup({ dryRun: false });

    expect(gateway.listContactAttributes).toHaveBeenCalledTimes(1);
    expect(gateway.createContactAttribute.mock.calls).toEqual([
      [{ name: 'facility', description: descriptionOf('facility') }],
    ]);
    expect(result.dryRun).toBe(false);
    expect(result.items.map((item) => [item.name, item.outcome])).toEqual([
      ['member_number', 'exists'],
      ['member_type', 'exists'],
      ['region', 'exists'],
      ['facility', 'created'],
      ['positions', 'exists'],
    ]);
    expect(result.items[3]).toMatchObject({
      description: descriptionOf('facility'),
      dataType: 'string',
    });
  });

  it('creates every attribute in an empty workspace, in order', async () => {
    const { gateway, service } = mockGateway(STANDARD);
    const result = await service.setup({ dryRun: false });
    expect(gateway.createContactAttribute.mock.calls.map(([a]) => a.name)).toEqual(ALL);
    expect(result.items.every((item) => item.outcome === 'created')).toBe(true);
  });

  it('creates nothing when every attribute exists', async () => {
    const { gateway, service } = mockGateway(ALL.map((name) => attribute(name)));
    const result = await service.setup({ dryRun: false });
    expect(gateway.createContactAttribute).not.toHaveBeenCalled();
    expect(result.items.every((item) => item.outcome === 'exists')).toBe(true);
  });

  it('creates nothing in a dry run and says what it would create', async () => {
    const { gateway, service } = withoutFacility();

    const result = await service.setup({ dryRun: true });

    expect(gateway.createContactAttribute).not.toHaveBeenCalled();
    expect(result.dryRun).toBe(true);
    expect(result.items.filter((item) => item.outcome !== 'exists')).toEqual([
      { name: 'facility', description: descriptionOf('facility'), outcome: 'would_create' },
    ]);
  });

  it('counts an attribute Intercom says it already has as existing', async () => {
    const { gateway, service } = withoutFacility();
    gateway.createContactAttribute.mockRejectedValueOnce(alreadyExists('facility'));

    const result = await service.setup({ dryRun: false });

    expect(result.items.find((item) => item.name === 'facility')?.outcome).toBe('exists');
  });

  it('reports any other refusal as failed, without stopping the others', async () => {
    const { gateway, service } = mockGateway([attribute('member_number')]);
    gateway.createContactAttribute
      .mockRejectedValueOnce(
        new IntercomRequestError('POST data_attributes: HTTP 403 forbidden', 403, 'forbidden'),
      )
      .mockRejectedValueOnce(alreadyExists('region'));

    const result = await service.setup({ dryRun: false });

    expect(gateway.createContactAttribute).toHaveBeenCalledTimes(4);
    expect(result.items.map((item) => [item.name, item.outcome])).toEqual([
      ['member_number', 'exists'],
      ['member_type', 'failed'],
      ['region', 'exists'],
      ['facility', 'created'],
      ['positions', 'created'],
    ]);
    expect(result.items[1].error).toBe(
      'IntercomRequestError forbidden: POST data_attributes: HTTP 403 forbidden',
    );
  });
});
