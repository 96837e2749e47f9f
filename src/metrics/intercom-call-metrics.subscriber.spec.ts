import { Counter, Histogram, Registry } from 'prom-client';
import { IntercomCallObserver } from '../intercom/gateway/intercom-call.observer';
import { IntercomCallMetricsSubscriber } from './intercom-call-metrics.subscriber';
import { missingAttributeLabel } from './metric-labels';
import { METRIC } from './metric-names';

describe('missingAttributeLabel', () => {
  it.each(['member_number', 'member_type', 'region', 'facility', 'positions'])(
    'names %s, an attribute the service writes',
    (attribute) => {
      expect(missingAttributeLabel(attribute)).toBe(attribute);
    },
  );

  it.each(['Facility', 'facility_code', '', 'attribute_of_someone_else', 'phone'])(
    'folds %j, which the service does not write, into other',
    (attribute) => {
      expect(missingAttributeLabel(attribute)).toBe('other');
    },
  );
});

describe('IntercomCallMetricsSubscriber: missing attributes', () => {
  const setup = () => {
    const registry = new Registry();
    const observer = new IntercomCallObserver();
    const missing = new Counter({
      name: METRIC.intercomMissingAttribute,
      help: 'test',
      labelNames: ['attribute'],
      registers: [registry],
    });
    const histogram = (name: string) =>
      new Histogram({
        name,
        help: 'test',
        labelNames: ['method', 'endpoint', 'status'],
        registers: [registry],
      });
    const refused = new Counter({
      name: METRIC.intercomRefusedAttribute,
      help: 'test',
      labelNames: ['attribute', 'reason'],
      registers: [registry],
    });
    new IntercomCallMetricsSubscriber(
      observer,
      histogram('duration'),
      histogram('wait'),
      missing,
      refused,
    ).onModuleInit();
    const value = async (attribute: string) =>
      (await missing.get()).values.find((v) => v.labels.attribute === attribute)?.value;
    const refusedValue = async (attribute: string, reason: string) =>
      (await refused.get()).values.find(
        (v) => v.labels.attribute === attribute && v.labels.reason === reason,
      )?.value;
    return { observer, value, refused, refusedValue };
  };

  it('starts every label of the bounded set at 0', async () => {
    const { value } = setup();
    for (const attribute of [
      'member_number',
      'member_type',
      'region',
      'facility',
      'positions',
      'other',
    ]) {
      expect(await value(attribute)).toBe(0);
    }
  });

  it('counts each missing attribute the gateway reports, under a bounded label', async () => {
    const { observer, value } = setup();

    observer.missingAttribute({ attribute: 'facility', operation: 'PUT contact' });
    observer.missingAttribute({ attribute: 'facility', operation: 'POST contact' });
    observer.missingAttribute({ attribute: 'region', operation: 'PUT contact' });
    observer.missingAttribute({ attribute: 'Someone else’s attribute', operation: 'PUT contact' });

    expect(await value('facility')).toBe(2);
    expect(await value('region')).toBe(1);
    expect(await value('other')).toBe(1);
    expect(await value('positions')).toBe(0);
    expect(await value('Someone else’s attribute')).toBeUndefined();
  });

  it('counts each attribute left out of a write by attribute and reason, from 0', async () => {
    const { observer, value, refused, refusedValue } = setup();
    expect((await refused.get()).values).toHaveLength(6 * 6);
    expect(await refusedValue('member_type', 'not_a_list_option')).toBe(0);

    const record = { operation: 'PUT contact', contactId: 'c1' };
    observer.refusedAttribute({ ...record, attribute: 'member_type', reason: 'not_a_list_option' });
    observer.refusedAttribute({ ...record, attribute: 'Private', reason: 'type_mismatch' });
    observer.refusedAttribute({ ...record, attribute: 'facility', reason: 'unknown_attribute' });

    expect(await refusedValue('member_type', 'not_a_list_option')).toBe(1);
    expect(await refusedValue('other', 'type_mismatch')).toBe(1);
    expect(await refusedValue('Private', 'type_mismatch')).toBeUndefined();
    // An unknown attribute is a missing one as well.
    expect(await refusedValue('facility', 'unknown_attribute')).toBe(1);
    expect(await value('facility')).toBe(1);
    expect(await value('member_type')).toBe(0);
  });
});
