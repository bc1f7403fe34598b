/**
 * A list the cloud returns a page at a time (`Page<T>`: items and the cursor of the next page):
 * `items`, `cursor`, `loadingMore` for the template, load more on reaching the bottom, and only
 * the latest request's answer shown — a list reloaded for another filter must not receive the
 * previous filter's page when it answers late. The page defines `fetchPage`.
 */
import type { Page } from '../../typings/domain';
import { showError } from '../services/api';
import { loadable } from './loadable';

export interface PageSource<T> {
  /** The page after `cursor` (the first without one), as the list shows its items. */
  fetchPage(cursor?: string): Promise<Page<T>>;
  /** The order the whole list is shown in, when it is not the cloud's. */
  arrange?(items: T[]): T[];
}

/** Each list's current generation: a reload or `clearList` starts a new one. */
const generations = new WeakMap<object, number>();
const generationOf = (list: object): number => generations.get(list) ?? 0;

export function pagedList<T>() {
  return Behavior<
    { items: T[]; cursor: string; loadingMore: boolean },
    Record<string, never>,
    {
      firstPage(): Promise<boolean>;
      loadMore(): Promise<void>;
      clearList(): void;
      reloadList(): void;
      onReachBottom(): void;
    },
    [typeof loadable],
    PageSource<T>
  >({
    behaviors: [loadable],
    data: { items: [], cursor: '', loadingMore: false },
    methods: {
      /** Loads the first page; resolves false when a later request superseded it. Throws on failure. */
      async firstPage(): Promise<boolean> {
        const generation = generationOf(this) + 1;
        generations.set(this, generation);
        const page = await this.fetchPage();
        if (generation !== generationOf(this)) return false;
        this.setData({ items: this.arrange?.(page.items) ?? page.items, cursor: page.cursor ?? '' });
        return true;
      },
      async loadMore() {
        if (!this.data.cursor || this.data.loadingMore) return;
        const generation = generationOf(this);
        this.setData({ loadingMore: true });
        try {
          const page = await this.fetchPage(this.data.cursor);
          const items = [...this.data.items, ...page.items];
          if (generation === generationOf(this)) this.setData({ items: this.arrange?.(items) ?? items, cursor: page.cursor ?? '' });
        } catch (error) {
          showError(error);
        } finally {
          this.setData({ loadingMore: false });
        }
      },
      /** Empties the list for a new filter; whatever is still on its way for the old one is dropped. */
      clearList() {
        generations.set(this, generationOf(this) + 1);
        this.setData({ items: [], cursor: '' });
      },
      /** Another community or filter: the loading view, then its first page. */
      reloadList() {
        this.clearList();
        this.setData({ status: 'loading' });
        void this.load();
      },
      onReachBottom() {
        void this.loadMore();
      },
    },
  });
}
