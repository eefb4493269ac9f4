import { useState } from 'react';
import type { FolderEntry } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { folderName, locateFolder } from '../../store/folder-actions';
import { LocateDialog } from './locate-dialog';

/**
 * "Locate…": asks where a folder that moved (or whose drive came back at another path) is
 * now; its photos keep their ratings, keywords and albums. A refusal is said here.
 */
export function LocateFolderDialog({
  folder,
  onClose,
}: {
  folder: FolderEntry;
  onClose: () => void;
}) {
  const client = useClient();
  const [path, setPath] = useState(folder.path);
  return (
    <LocateDialog
      name={folderName(folder.path)}
      label="New place"
      path={path}
      onPath={setPath}
      locate={(located) => locateFolder(client, folder.id, located)}
      onClose={onClose}
    >
      {folder.status === 'offline'
        ? `Shoebox last saw it at ${folder.path}, on a drive that is not connected now.`
        : `Shoebox last saw it at ${folder.path}.`}{' '}
      Where is it now? Its photos keep everything you said about them.
    </LocateDialog>
  );
}
