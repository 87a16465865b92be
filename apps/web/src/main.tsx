// First: starts fetching the address's screen before anything else runs, then its first queries
// and the reader's language.
import './screens/loaders';
import './screens/first-queries';
import { i18nReady } from './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './styles.css';
import { App } from './app';

// Shown once its words are there (if they cannot be fetched, the screens still work, with the keys shown).
void i18nReady.finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </StrictMode>,
  ),
);
