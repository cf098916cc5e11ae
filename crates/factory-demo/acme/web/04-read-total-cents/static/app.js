// Renders the orders table from orders-api, reached through this server's /api proxy.

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function formatCents(cents) {
  return money.format(cents / 100);
}

function orderRow(order) {
  const row = document.createElement('tr');
  row.dataset.orderId = order.id;
  const cells = [
    ['customer', order.customer],
    ['total', formatCents(order.total_cents)],
    ['status', order.status],
  ];
  for (const [name, text] of cells) {
    const cell = document.createElement('td');
    cell.className = name;
    cell.textContent = text;
    row.append(cell);
  }
  row.querySelector('.status').dataset.status = order.status;
  return row;
}

async function loadOrders() {
  const summary = document.getElementById('summary');
  const error = document.getElementById('error');
  try {
    const response = await fetch('/api/orders');
    if (!response.ok) {
      throw new Error(`GET /api/orders answered ${response.status}`);
    }
    const { orders } = await response.json();
    document.querySelector('#orders tbody').replaceChildren(...orders.map(orderRow));
    summary.textContent = `${orders.length} orders`;
  } catch (err) {
    error.textContent = `Could not load orders: ${err.message}`;
    error.hidden = false;
    summary.textContent = '';
  } finally {
    document.body.dataset.loaded = 'true';
  }
}

loadOrders();
