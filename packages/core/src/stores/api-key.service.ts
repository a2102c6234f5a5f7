import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type ApiKeyRole, type AuthContext, BadUserInputError, NotFoundError } from '@parley/plugin-sdk';
import { DataSource, IsNull } from 'typeorm';
import { isId } from '../database/ids';
import { UnitOfWork } from '../database/unit-of-work';
import { type Connection, type PageArgs, paginate } from '../graphql/pagination';
import { API_KEY_ROLES, ApiKey } from './api-key.entity';

const KEY_PREFIX = 'prl_';
// lastUsedAt is for people deciding which keys to revoke: minute precision is plenty and spares a write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Creates a key and returns its secret, which is not stored and can't be shown again. */
  async create(storeId: string, input: { name: string; role: ApiKeyRole }): Promise<{ apiKey: ApiKey; secret: string }> {
    const name = input.name.trim();
    if (!name) throw new BadUserInputError('An API key needs a name, e.g. "kitchen screen"');
    if (!API_KEY_ROLES.includes(input.role)) {
      throw new BadUserInputError(`role must be one of ${API_KEY_ROLES.join(', ')}`);
    }
    const secret = KEY_PREFIX + randomBytes(24).toString('base64url');
    const apiKey = await this.unitOfWork.run(async (tx) => {
      const saved = await tx.manager.save(
        tx.manager.create(ApiKey, {
          storeId,
          name,
          role: input.role,
          prefix: secret.slice(0, 12),
          secretHash: digest(secret),
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      tx.publish('api_key.created', { storeId, apiKeyId: saved.id, role: saved.role });
      return saved;
    });
    return { apiKey, secret };
  }

  /** The caller behind a secret, or null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<AuthContext | null> {
    if (!secret.startsWith(KEY_PREFIX)) return null;
    const repository = this.dataSource.getRepository(ApiKey);
    const apiKey = await repository.findOneBy({ secretHash: digest(secret), revokedAt: IsNull() });
    if (!apiKey) return null;
    const now = Date.now();
    if (!apiKey.lastUsedAt || now - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.unitOfWork.run((tx) => tx.manager.update(ApiKey, { id: apiKey.id }, { lastUsedAt: new Date(now) }));
    }
    return { storeId: apiKey.storeId, apiKeyId: apiKey.id, role: apiKey.role };
  }

  list(storeId: string, page: PageArgs): Promise<Connection<ApiKey>> {
    const query = this.dataSource.getRepository(ApiKey).createQueryBuilder('key').where('key.storeId = :storeId', { storeId });
    return paginate(query, page);
  }

  async revoke(storeId: string, apiKeyId: string): Promise<ApiKey> {
    return this.unitOfWork.run(async (tx) => {
      // Scoped by store: another store's key id is simply not found.
      const apiKey = isId(apiKeyId) ? await tx.manager.findOneBy(ApiKey, { id: apiKeyId, storeId }) : null;
      if (!apiKey) throw new NotFoundError('API key', apiKeyId);
      if (!apiKey.revokedAt) {
        apiKey.revokedAt = new Date();
        await tx.manager.save(apiKey);
        tx.publish('api_key.revoked', { storeId, apiKeyId });
      }
      return apiKey;
    });
  }
}
