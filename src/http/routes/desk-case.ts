import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CadreStep } from '../../cases/case-service';
import { nextStatus, OPEN_STATUSES, type CaseAction } from '../../domain/case-status';
import { isOverdue } from '../../cases/case-queries';
import { caseScope, phoneFor } from '../../cases/case-visibility';
import { actorForStaff, cadresOnEvents, timelineSelect } from '../../cases/event-actors';
import { LEDGER_NAMES } from '../../domain/ledger';
import { dashboardTexts as t, deskViewTexts as dv, messages } from '../../messages/zh-CN';
import { casePage, type CaseDetailView, type DeskAction } from '../web/dashboard/case-page';
import type { Desk } from './desk-door';
import type { DeskPages } from './desk-ledger';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const caseNumber = z.string().regex(/^[A-Z]{1,8}-\d{8}-\d{4,6}$/);
const actionBody = z.object({ note: optional(z.string().trim().max(500)), target: optional(z.string().max(60)), reason: optional(z.string().trim().max(200)) });
const ACTIONS = ['accept', 'progress', 'resolve', 'transfer'] as const;
/** The pictures a browser may be sent as they are; anything else stays on the server. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * A case: its facts and both countdowns beside its timeline (who acted on each step), the action its
 * status waits for first, transfer targets grouped by area, tap-to-call, and residents' photos,
 * which are served only to those who may see the case (and only from ATTACHMENTS_DIR).
 */
export function caseRoutes(app: FastifyInstance, { service, clock, send, message, formToken, attachmentsDir }: DeskPages & { formToken: (reply: FastifyReply, desk: Desk) => string; attachmentsDir: string }) {
  const { db, district, cases } = service;
  const tz = district.timeZone;
  const photosRoot = path.resolve(attachmentsDir);

  const renderCase = async (reply: FastifyReply, desk: Desk, number: string, status: number, flash: { kind: 'ok' | 'error'; text: string } | null) => {
    const row = await db.case.findFirst({
      where: { caseNumber: number, ...caseScope(desk.viewer) },
      include: {
        area: { select: { name: true } },
        assignee: { select: { name: true, phone: true } },
        events: { orderBy: { id: 'asc' }, select: timelineSelect },
        attachments: { where: { mime: { in: [...PHOTO_TYPES] } }, select: { id: true }, orderBy: { id: 'asc' } },
      },
    });
    if (!row) return message(reply, 404, t.caseDetail.notFound(number), desk);
    const actors = await cadresOnEvents(db, row.events);
    const now = clock();
    const mine = desk.viewer.supervisor || row.assigneeId === desk.viewer.cadreId;
    const can = Object.fromEntries(ACTIONS.map((a) => [a, mine && nextStatus(row.status, a as CaseAction).ok])) as Record<DeskAction, boolean>;
    // Never the viewer themself, nor the cadre who has it now.
    const cadres = can.transfer
      ? await db.cadre.findMany({
          where: { active: true, id: { notIn: [row.assigneeId ?? -1, desk.viewer.cadreId] } },
          select: { code: true, name: true, area: { select: { id: true, name: true } } },
          orderBy: [{ areaId: 'asc' }, { id: 'asc' }],
        })
      : [];
    const groups = new Map<number, { label: string; options: { value: string; label: string }[] }>();
    for (const c of cadres) {
      const g = groups.get(c.area.id) ?? { label: c.area.name, options: [] };
      g.options.push({ value: c.code, label: c.name });
      groups.set(c.area.id, g);
    }
    const phone = phoneFor(desk.viewer, row);
    const view: CaseDetailView = {
      caseNumber: row.caseNumber,
      ledgerName: LEDGER_NAMES[row.ledger],
      categoryName: district.category(row.category).name,
      priority: row.priority,
      priorityChar: district.priority(row.priority).char,
      priorityLabel: district.priority(row.priority).label,
      status: row.status,
      open: (OPEN_STATUSES as readonly string[]).includes(row.status),
      overdue: isOverdue(row, now),
      areaName: row.area.name,
      locationText: row.locationText,
      description: row.description,
      households: row.households,
      reporterCount: row.reporterCount,
      phone: phone === null ? null : { text: phone, callable: phone === row.contactPhone && row.assigneeId === desk.viewer.cadreId },
      assignee: row.assignee ? { name: row.assignee.name, phone: row.assignee.phone || null } : null,
      createdAt: row.createdAt,
      clockStart: row.reopenedAt ?? row.createdAt,
      acceptDueAt: row.acceptDueAt,
      acceptedAt: row.acceptedAt,
      resolveDueAt: row.resolveDueAt,
      resolvedAt: row.resolvedAt,
      photos: row.attachments,
      timeline: row.events.map((e) => ({ at: e.createdAt, what: messages.eventText(e.type), by: actorForStaff(e, actors), note: e.note })),
      can,
      transferGroups: [...groups.values(), { label: dv.areasGroup, options: district.grassroots.map((a) => ({ value: a.name, label: a.name })) }],
    };
    return send(reply, status, row.caseNumber, 'ledger', casePage(view, tz, formToken(reply, desk), now), desk, flash);
  };

  app.get('/cases/:caseNumber', async (req, reply) => {
    const desk = req.desk!;
    const number = caseNumber.safeParse((req.params as { caseNumber: string }).caseNumber);
    if (!number.success) return message(reply, 404, t.caseDetail.notFound(String((req.params as { caseNumber: string }).caseNumber).slice(0, 40)), desk);
    const done = z.enum(ACTIONS).safeParse((req.query as { done?: string }).done);
    return renderCase(reply, desk, number.data, 200, done.success ? { kind: 'ok', text: t.caseDetail.done[done.data] } : null);
  });

  app.get('/cases/:caseNumber/photos/:id', async (req, reply) => {
    const desk = req.desk!;
    const p = z.object({ caseNumber, id: z.string().regex(/^\d{1,9}$/) }).safeParse(req.params);
    if (!p.success) return message(reply, 404, t.caseDetail.notFound(''), desk);
    const photo = await db.caseAttachment.findFirst({
      where: { id: Number(p.data.id), mime: { in: [...PHOTO_TYPES] }, case: { caseNumber: p.data.caseNumber, ...caseScope(desk.viewer) } },
      select: { ref: true, mime: true },
    });
    // The channel stores where it wrote the file (relative to the working directory, or absolute);
    // a bare name is taken inside the folder. A path outside the attachments folder is never read.
    const inside = (f: string) => f.startsWith(photosRoot + path.sep);
    const file = photo ? [path.resolve(photo.ref), path.resolve(photosRoot, photo.ref)].find(inside) : undefined;
    if (!photo || !file) return message(reply, 404, t.caseDetail.notFound(p.data.caseNumber), desk);
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return message(reply, 404, t.caseDetail.notFound(p.data.caseNumber), desk);
    return reply.type(photo.mime).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(bytes);
  });

  app.post('/cases/:caseNumber/:action', async (req, reply) => {
    const desk = req.desk!;
    const params = z.object({ caseNumber, action: z.enum(ACTIONS) }).safeParse(req.params);
    const body = actionBody.safeParse(req.body);
    if (!params.success || !body.success) return message(reply, 400, t.badRequest, desk);
    const { caseNumber: number, action } = params.data;
    const { note, target, reason } = body.data;
    // A missing note or target re-renders the case with the reason; a case the viewer may not see renders "not found".
    if ((action === 'progress' || action === 'resolve') && !note) return renderCase(reply, desk, number, 200, { kind: 'error', text: t.caseDetail.noteRequired });
    if (action === 'transfer' && (!target || !reason)) return renderCase(reply, desk, number, 200, { kind: 'error', text: t.badRequest });
    const step: CadreStep =
      action === 'accept' ? { type: 'accept' } : action === 'transfer' ? { type: 'transfer', target: target!, reason: reason! } : { type: action, note: note! };
    const done = await cases.step(desk.viewer, number, step, clock());
    if (!done.ok && done.refusal === 'notVisible') return message(reply, 404, t.caseDetail.notFound(number), desk);
    if (!done.ok) return renderCase(reply, desk, number, 200, { kind: 'error', text: done.text });
    return reply.redirect(`/cases/${number}?done=${action}`, 303);
  });
}
