import { z } from 'zod';
import { cloud } from '../cloud';
import { assertOwnFiles } from '../files';
import { findAll, insertMany, put } from '../db';
import { AppError } from '../errors';
import type { Route } from '../router';
import { fileId, id } from '../validation';
import { loadCommunity } from './communities';
import { parseRoster, readTable } from './roster';
import { keepBuildings, unitId, type UnitDocument } from './units';
import { ADMINS, inCommunity } from '../access';

async function download(fileID: string): Promise<Buffer> {
  try {
    const { fileContent } = await cloud.downloadFile({ fileID });
    return fileContent as Buffer;
  } catch {
    throw new AppError('NOT_FOUND', '找不到上传的文件，请重新选择文件');
  }
}

/**
 * Imports a unit roster (楼栋, 单元, 房号, 建筑面积, 业主姓名, 联系电话) from CSV or .xlsx. Good rows
 * are created or updated (re-importing the same file changes nothing); bad rows come back with
 * their row numbers and reasons.
 */
export const importRoster: Route<'roster.import'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, fileID: fileId }),
  async handle({ communityId, fileID }, { caller, now }) {
    assertOwnFiles(caller, [fileID]);
    await loadCommunity(communityId);
    const table = await readTable(await download(fileID), fileID.split('/').pop() ?? '');
    const { rows, rejected } = parseRoster(table);

    const existing = new Map((await findAll<UnitDocument>('units', { communityId })).map((doc) => [doc._id, doc]));
    const created: UnitDocument[] = [];
    const changed: UnitDocument[] = [];
    for (const row of rows) {
      const _id = unitId(communityId, row.building, row.unit, row.room);
      const before = existing.get(_id);
      const doc: UnitDocument = {
        _id,
        communityId,
        building: row.building,
        unit: row.unit,
        room: row.room,
        areaCenti: row.areaCenti,
        ownerName: row.ownerName,
        ownerPhone: row.ownerPhone,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
      };
      if (!before) created.push(doc);
      else if (before.areaCenti !== doc.areaCenti || before.ownerName !== doc.ownerName || before.ownerPhone !== doc.ownerPhone) {
        changed.push(doc);
      }
    }
    // The buildings first: a crash before the homes are written leaves a building with no rooms yet,
    // never homes nobody can choose; importing again writes the rest.
    await keepBuildings(communityId, [...new Set([...existing.values(), ...created].map((doc) => doc.building))]);
    await insertMany('units', created.map((doc) => ({ ...doc })));
    for (const doc of changed) {
      const { _id, ...fields } = doc;
      await put('units', _id, fields);
    }
    return { created: created.length, updated: changed.length, rejected };
  },
};
