import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientProvider } from './bridge/client-context';
import { createClient } from './bridge/create-client';
import { App } from './components/app';
import { savedTileSize } from './components/toolbar';
import { useShoeboxStore } from './store/store';
import './styles/base.css';
import './styles/layout.css';
import './styles/grid.css';
import './styles/viewer.css';
import './styles/panels.css';
import './styles/search.css';

const tileSize = savedTileSize();
if (tileSize !== null) useShoeboxStore.getState().setTileSize(tileSize);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createClient()}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
