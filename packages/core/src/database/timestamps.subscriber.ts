import { type EntitySubscriberInterface, EventSubscriber, type InsertEvent, type UpdateEvent } from 'typeorm';

/**
 * Sets creation and update times in the application, with milliseconds, instead of leaving them to column
 * defaults: SQLite's datetime('now') has whole seconds and a different text form than bound parameters, which
 * would break ordering and cursor comparisons there.
 */
@EventSubscriber()
export class TimestampsSubscriber implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<Record<string, unknown>>): void {
    const now = new Date();
    for (const column of [event.metadata.createDateColumn, event.metadata.updateDateColumn]) {
      if (column && event.entity && column.getEntityValue(event.entity) === undefined) column.setEntityValue(event.entity, now);
    }
  }

  beforeUpdate(event: UpdateEvent<Record<string, unknown>>): void {
    const column = event.metadata.updateDateColumn;
    if (column && event.entity) column.setEntityValue(event.entity as Record<string, unknown>, new Date());
  }
}
