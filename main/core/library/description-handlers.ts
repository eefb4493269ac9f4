/**
 * The contract methods over what photographers say about photos: stars, flags, labels, titles,
 * captions, keywords, capture-time fixes, rotation, and the keyword tree.
 */
import type { ShoeboxHandlers } from '../../../common/contract';
import type { DescriptionRepository } from './description-repository';
import { rotatePhotos, type RotateDependencies } from './rotate-photos';

/** The description methods of the contract. */
export type DescriptionHandlers = Pick<
  ShoeboxHandlers,
  'updatePhotos' | 'restoreDescriptions' | 'rotatePhotos' | 'listKeywords'
>;

/** What the description methods work with. */
export interface DescriptionHandlerDependencies extends RotateDependencies {
  descriptions: DescriptionRepository;
  /** Tells windows and the sidecar writer that photos' descriptions changed. */
  described: () => void;
}

/** Creates the description methods of one core. */
export function createDescriptionHandlers(
  deps: DescriptionHandlerDependencies,
): DescriptionHandlers {
  const { descriptions, described } = deps;
  return {
    async updatePhotos({ photoIds, changes }) {
      const previous = descriptions.update(photoIds, changes);
      described();
      return { count: previous.length, previous };
    },
    async restoreDescriptions({ snapshots }) {
      const count = descriptions.restore(snapshots);
      if (count > 0) described();
      return { count };
    },
    async rotatePhotos({ photoIds, direction }) {
      const count = await rotatePhotos(deps, photoIds, direction);
      if (count > 0) described();
      return { count };
    },
    async listKeywords() {
      return descriptions.keywordTree();
    },
  };
}
