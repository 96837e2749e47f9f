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
    new IntercomCallMetricsSubscriber(
      observer,
      histogram('duration'),
      histogram('wait'),
      missing,
    ).onModuleInit();
    const value = async (attribute: string) =>
      (await missing.get()).values.find((v) => v.labels.attribute === attribute)?.value;
    return { observer, value };
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
});
