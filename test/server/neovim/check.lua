-- Driven by test/server/neovim.test.ts: `nvim --headless --clean -c "luafile check.lua" <file>`.
-- Starts the language server the way the README's Neovim snippet does, waits for its diagnostics,
-- applies the preferred quick fix through Neovim's own code-action request and workspace-edit
-- machinery, writes the file, and reports what it saw to AP_RESULT (JSON). Exit status is the verdict.
local server = os.getenv('AP_SERVER')
local result_file = os.getenv('AP_RESULT')
local wanted_code = os.getenv('AP_CODE')

local function report(value)
  local f = assert(io.open(result_file, 'w'))
  f:write(vim.fn.json_encode(value))
  f:close()
end

local function fail(message)
  report({ ok = false, error = message })
  vim.cmd('cquit! 1')
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(buf)
  local root = vim.fn.fnamemodify(vim.fn.findfile('tsconfig.json', vim.fn.fnamemodify(file, ':h') .. ';'), ':p:h')

  -- The setup snippet (Neovim 0.7 has no vim.lsp.start; 0.8+ has both).
  local client_id = vim.lsp.start_client({
    name = 'async-pitfalls',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    settings = { asyncPitfalls = { run = 'onType' } },
  })
  if not client_id then return fail('the client did not start') end
  vim.lsp.buf_attach_client(buf, client_id)

  local function ours()
    return vim.tbl_filter(function(d) return d.source == 'async-pitfalls' end, vim.diagnostic.get(buf))
  end
  if not vim.wait(60000, function() return #ours() > 0 end, 50) then return fail('no diagnostics arrived') end
  local diagnostics = ours()
  local codes = {}
  local target
  for _, d in ipairs(diagnostics) do
    local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code
    table.insert(codes, code)
    if code == wanted_code and not target then target = d end
  end
  if not target then return fail('no diagnostic with code ' .. wanted_code) end

  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
    context = { diagnostics = { target.user_data.lsp }, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 20000)
  local titles = {}
  local chosen
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.isPreferred and not chosen then chosen = action end
    end
  end
  if not chosen then return fail('no preferred quick fix among: ' .. table.concat(titles, ' | ')) end
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  vim.cmd('write')

  -- The server re-analyses the edited buffer: the fixed finding disappears.
  local fixed = vim.wait(30000, function()
    for _, d in ipairs(ours()) do
      if d.lnum == target.lnum and (d.user_data.lsp.code == wanted_code) then return false end
    end
    return true
  end, 50)
  report({ ok = fixed, codes = codes, titles = titles, applied = chosen.title, remaining = #ours() })
  vim.lsp.stop_client(client_id)
  if fixed then vim.cmd('qall!') else vim.cmd('cquit! 1') end
end)
if not ok then fail(tostring(err)) end
