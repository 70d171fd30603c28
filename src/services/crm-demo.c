/* crm-demo.c: a deterministic demo showroom
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GAC Toyota 4S showroom in Guangzhou on an ordinary Tuesday: staff, the
 * model catalogue with its trims, colours and guide prices (cut by the
 * maker two months ago), customers from every channel with deals in every
 * stage, months of follow-up history and the follow-ups due today, the
 * test-drive fleet and a stock of a few hundred cars by VIN. The same seed
 * and the same "now" give the same database, row for row: screenshots, UI
 * tests and benchmarks all run on it. Everything goes in through the
 * store's public API, so the demo obeys the same rules as a person.
 */
#define G_LOG_DOMAIN "crm-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-cadence.h"
#include "crm-demo.h"
#include "crm-pool.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-leads.h"
#include "crm-vin.h"

#define DAY (24 * 60 * 60)

/* Nobody waits for the demo's write transactions: fewer, bigger ones */
#define DEMO_DEADLINES_BATCH 2000

static const char * const family_names[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
  "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
  "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
  "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
  "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊",
  "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",
  "毛", "郝", "龚", "邵", "万", "覃", "单", "欧阳", "司马",
};

static const char * const given_chars[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
  "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "辉",
  "俊", "鹏", "宇", "浩", "婷", "雪", "琳", "晨", "欣", "怡", "子", "嘉", "思", "佳",
  "志", "海", "斌", "波", "宁", "凯", "晓", "红", "梅", "玲", "兰", "峰", "亮", "成",
  "乐", "长", "重", "行", "和", "朝", "春", "秋", "雨", "天", "安", "家", "永", "振",
};

static const char * const mobile_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
  "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181",
  "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
};

static const char * const cities[] = {
  "广州", "广州", "广州", "佛山", "佛山", "东莞", "深圳", "中山", "清远", "肇庆",
};

static const struct {
  const char *series;
  const char *trim;
  gint64      guide_price_yuan;
} catalogue[] = {
  { "凯美瑞", "2.0G 豪华版", 179800 },
  { "凯美瑞", "2.5HG 混动豪华版", 219800 },
  { "雷凌", "1.5L CVT 进取版", 113800 },
  { "雷凌", "双擎 1.8H 领先版", 139800 },
  { "威兰达", "2.0L 两驱领先版", 175800 },
  { "威兰达", "双擎 2.5L 四驱旗舰版", 259800 },
  { "汉兰达", "双擎 2.5L 四驱尊贵版", 319800 },
  { "赛那", "2.5L 混动豪华版", 339800 },
  { "锋兰达", "2.0L CVT 豪华版", 139800 },
  { "bZ4X", "长续航 两驱版", 199800 },
};

static const struct {
  CrmChannel channel;
  int        weight;
} channel_weights[] = {
  { CRM_CHANNEL_AUTOHOME, 20 }, { CRM_CHANNEL_DONGCHEDI, 18 }, { CRM_CHANNEL_DOUYIN, 14 },
  { CRM_CHANNEL_WALK_IN, 15 }, { CRM_CHANNEL_WEBSITE, 7 }, { CRM_CHANNEL_PHONE, 8 },
  { CRM_CHANNEL_WECHAT, 6 }, { CRM_CHANNEL_REFERRAL, 6 }, { CRM_CHANNEL_YICHE, 3 },
  { CRM_CHANNEL_AUTO_SHOW, 2 }, { CRM_CHANNEL_REPEAT, 1 },
};

/* Where each deal is today. Most leads of the past months are closed —
 * delivered, lost or invalid — and the open ones are recent: with 100,000
 * customers over a year and a half, about a fifth are still open. */
static const struct {
  CrmStage stage;
  int      weight;
} open_weights[] = {
  { CRM_STAGE_NEW_LEAD, 30 }, { CRM_STAGE_INVITED, 15 }, { CRM_STAGE_VISITED, 18 },
  { CRM_STAGE_TEST_DRIVE, 12 }, { CRM_STAGE_NEGOTIATION, 14 }, { CRM_STAGE_ORDERED, 11 },
}, closed_weights[] = {
  { CRM_STAGE_DELIVERED, 25 }, { CRM_STAGE_LOST, 60 }, { CRM_STAGE_INVALID, 15 },
};

static const char * const notes[] = {
  "客户对价格比较敏感，想等月底优惠",
  "已邀约周六上午到店看车",
  "关注油耗和保值率，对混动感兴趣",
  "家里有一台老款卡罗拉，考虑置换",
  "爱人要一起来看，周末再联系",
  "在对比本田雅阁，约了试驾",
  "想要白色，询问现车和提车时间",
  "贷款方案发了微信，客户在考虑",
  "电话未接通，稍后再打",
  "客户说下个月才买，先维护",
  "问了保险和上牌费用，报了落地价",
  "对空间比较满意，担心后排舒适性",
};

static const char * const staff_names[] = { "王建国", "陈晓峰", "李娜", "赵磊", "刘婷", "黄志强", "周敏", "吴佳怡", "孙丽" };
static const CrmRole staff_roles[] = {
  CRM_ROLE_MANAGER, CRM_ROLE_SALES, CRM_ROLE_SALES, CRM_ROLE_SALES, CRM_ROLE_SALES,
  CRM_ROLE_SALES, CRM_ROLE_SALES, CRM_ROLE_RECEPTION, CRM_ROLE_RECEPTION,
};

#define N_REPS 6

static int
pick_weighted (GRand     *rand,
               const int *weights,
               guint      n,
               gsize      stride)
{
  int total = 0;
  int r;

  for (guint i = 0; i < n; i++)
    total += *(const int *) ((const char *) weights + i * stride);

  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < n; i++)
    {
      r -= *(const int *) ((const char *) weights + i * stride);
      if (r < 0)
        return i;
    }
  return n - 1;
}

static CrmStage
stage_for_age (GRand *rand,
               double days)
{
  int chance = days < 7 ? 85 : days < 30 ? 60 : days < 60 ? 30 : days < 120 ? 10 : 1;

  if (g_rand_int_range (rand, 0, 100) < chance)
    {
      CrmStage stage = open_weights[pick_weighted (rand, &open_weights[0].weight,
                                                   G_N_ELEMENTS (open_weights),
                                                   sizeof open_weights[0])].stage;
      /* Two days is too soon for more than an invitation; a lead still
       * open after a month has at least come to the showroom */
      if (days < 2)
        return MIN (stage, CRM_STAGE_INVITED);
      if (days > 30 && stage < CRM_STAGE_VISITED)
        return CRM_STAGE_VISITED + g_rand_int_range (rand, 0, 4);
      return stage;
    }
  return closed_weights[pick_weighted (rand, &closed_weights[0].weight,
                                       G_N_ELEMENTS (closed_weights),
                                       sizeof closed_weights[0])].stage;
}

static char *
make_name (GRand *rand)
{
  const char *family = family_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (family_names))];
  const char *first = given_chars[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_chars))];

  if (g_rand_int_range (rand, 0, 100) < 35)
    return g_strconcat (family, first, NULL);

  return g_strconcat (family, first,
                      given_chars[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_chars))],
                      NULL);
}

/* Unique for every index: the last eight digits are a permutation of
 * 0…99,999,999 (multiplying by a number prime to 10^8 is a bijection), so
 * two customers never share a number whatever prefix they get. */
static char *
make_phone (guint index,
            guint seed)
{
  guint64 suffix = ((guint64) index * 2654435761ULL + seed) % 100000000ULL;
  guint prefix = (index * 7 + suffix / 1000) % G_N_ELEMENTS (mobile_prefixes);

  return g_strdup_printf ("%s%08" G_GUINT64_FORMAT, mobile_prefixes[prefix], suffix);
}

static CrmGrade
grade_for_stage (GRand    *rand,
                 CrmStage  stage)
{
  static const CrmGrade grades[] = { CRM_GRADE_H, CRM_GRADE_A, CRM_GRADE_B, CRM_GRADE_C, CRM_GRADE_N };
  int r = g_rand_int_range (rand, 0, 100);

  switch (stage)
    {
    case CRM_STAGE_NEGOTIATION:
    case CRM_STAGE_TEST_DRIVE:
      return r < 45 ? CRM_GRADE_H : r < 85 ? CRM_GRADE_A : CRM_GRADE_B;
    case CRM_STAGE_NEW_LEAD:
      return r < 45 ? CRM_GRADE_N : grades[g_rand_int_range (rand, 1, 4)];
    case CRM_STAGE_ORDERED:
    case CRM_STAGE_DELIVERED:
      return CRM_GRADE_H;
    default:
      return grades[g_rand_int_range (rand, 0, 4)];
    }
}

static CrmTimeframe
timeframe_for_grade (CrmGrade grade)
{
  switch (grade)
    {
    case CRM_GRADE_H: return CRM_TIMEFRAME_WEEK;
    case CRM_GRADE_A: return CRM_TIMEFRAME_FORTNIGHT;
    case CRM_GRADE_B: return CRM_TIMEFRAME_MONTH;
    case CRM_GRADE_C: return CRM_TIMEFRAME_QUARTER;
    case CRM_GRADE_N:
    default: return CRM_TIMEFRAME_UNKNOWN;
    }
}

/* Days and hours are the showroom's (@zone, crm_store_get_time_zone()),
 * whatever the zone of the desktop that generates the demo */
static gint64
day_start (GTimeZone *zone,
           gint64     t)
{
  return crm_time_day_start (zone, t);
}

/* A time inside opening hours (9:00–18:30) on the day of @t */
static gint64
in_opening_hours (GTimeZone *zone,
                  GRand     *rand,
                  gint64     t)
{
  return crm_time_on_day (zone, t, 0, 9 * 60 + g_rand_int_range (rand, 0, 19) * 30);
}

/* Why the next follow-up is planned, by the deal's stage (demo data, so
 * in Chinese like the names and notes) */
static const char *
purpose_for_stage (GRand    *rand,
                   CrmStage  stage)
{
  static const char * const new_lead[] = { "首次电话联系，了解购车需求", "邀约周末到店看车", "确认预算和意向车型" };
  static const char * const invited[] = { "确认到店时间", "提醒明天到店，发送展厅定位" };
  static const char * const visited[] = { "到店后回访，邀约试驾", "发送车型配置对比", "回访到店感受" };
  static const char * const test_drive[] = { "试驾后回访，听取感受", "发送试驾车型报价单" };
  static const char * const negotiation[] = { "跟进报价，争取本周订车", "答复金融方案和置换评估", "确认优惠和赠品" };
  static const char * const ordered[] = { "通知车辆到店时间，预约交车", "确认上牌资料和尾款" };

#define PICK(list) list[g_rand_int_range (rand, 0, G_N_ELEMENTS (list))]
  switch (stage)
    {
    case CRM_STAGE_NEW_LEAD: return PICK (new_lead);
    case CRM_STAGE_INVITED: return PICK (invited);
    case CRM_STAGE_VISITED: return PICK (visited);
    case CRM_STAGE_TEST_DRIVE: return PICK (test_drive);
    case CRM_STAGE_NEGOTIATION: return PICK (negotiation);
    case CRM_STAGE_ORDERED: return PICK (ordered);
    case CRM_STAGE_DELIVERED:
    case CRM_STAGE_LOST:
    case CRM_STAGE_INVALID:
    default: return NULL;
    }
#undef PICK
}

/* The showroom traffic log (来店登记) of the last four weeks and this
 * morning: groups walking in, about a third leaving their details, some
 * coming back. Its own random numbers, so the customers stay the same. */
static gboolean
add_traffic (CrmStore  *store,
             guint32    seed,
             gint64     today,
             gint64     now,
             guint      n_customers,
             GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x7EAFF1C);
  GTimeZone *zone = crm_store_get_time_zone (store);
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);
  gint64 reception = 0;

  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      if (crm_staff_get_role (member) == CRM_ROLE_RECEPTION)
        reception = crm_staff_get_id (member);
    }

  for (int day = 28; day >= 0 && n_customers > 0; day--)
    {
      gint64 start = today - day * DAY;
      g_autoptr(GDateTime) dt = crm_time_in_zone (zone, start);
      gboolean weekend = g_date_time_get_day_of_week (dt) >= 6;
      int groups = weekend ? g_rand_int_range (rand, 30, 46) : g_rand_int_range (rand, 14, 26);

      for (int g = 0; g < groups; g++)
        {
          gint64 at = in_opening_hours (zone, rand, start) + g_rand_int_range (rand, 0, 30 * 60);
          int kind = g_rand_int_range (rand, 0, 100);
          int people = g_rand_int_range (rand, 1, 4);
          gint64 customer = 0;

          if (at > now)
            continue;
          if (kind < 40)
            customer = g_rand_int_range (rand, 1, (gint32) MIN (n_customers, G_MAXINT32 - 1) + 1);
          if (crm_lead_store_log_visit (crm_store_get_lead_store (store), customer, kind >= 85, people, reception, at, error) == 0)
            return FALSE;
        }
    }
  return TRUE;
}

/* The test-drive fleet and a fortnight of bookings around today: done,
 * missed and cancelled ones behind, the day's drives (one under way), and
 * booked and confirmed ones ahead. A separate random stream, so the
 * customers and follow-ups stay what they were. Every booking is checked
 * against the rules first: a refused write would doom the transaction. */
static const struct {
  const char       *plate;
  guint             model;
  const char       *colour;
  CrmVehicleStatus  status;
  int               mileage;
} demo_fleet[] = {
  { "粤A·D5821", 0, "珍珠白", CRM_VEHICLE_AVAILABLE, 8420 },
  { "粤A·D3307", 1, "铂金灰", CRM_VEHICLE_AVAILABLE, 12960 },
  { "粤A·F6612", 3, "炫动蓝", CRM_VEHICLE_AVAILABLE, 5310 },
  { "粤A·D0975", 4, "烈焰红", CRM_VEHICLE_AVAILABLE, 15780 },
  { "粤A·F1138", 5, "曜石黑", CRM_VEHICLE_IN_SERVICE, 21045 },
  { "粤A·D2046", 9, "冰川白", CRM_VEHICLE_AVAILABLE, 3260 },
  { "粤A·B7719", 2, "银色", CRM_VEHICLE_RETIRED, 48900 },
};

static const char * const drive_feedback[] = {
  "动力够用，很喜欢混动的安静",
  "空间满意，觉得后排稍窄",
  "操控比预期好，想再看看顶配",
  "爱人很满意，回去商量一下价格",
  "油耗表现好，关心置换补贴",
  "座椅舒适，对车机反应有点慢有意见",
};

/* The catalogue below each model of catalogue[]: its listed trim and a
 * second one, their colours, the VIN's model code (positions 4–8 after
 * GAC Toyota's LVG) and the maker's price cut of a few months ago (0:
 * none) */
static const struct {
  const char *trim;          /* the second trim */
  gint64      offset_yuan;   /* its price against the listed trim's */
  gboolean    new_energy;
  const char *colours[5];
  const char *vds;
  gint64      cut_yuan;
  int         weight;        /* how much of the stock */
} demo_trims[] = {
  { "2.0S 锋尚版", 10000, FALSE, { "珍珠白", "曜石黑", "铂金灰", "星光蓝", NULL }, "BE40K", 5000, 16 },
  { "2.5HS 混动运动版", 10000, FALSE, { "珍珠白", "曜石黑", "铂金灰", NULL }, "BH45K", 8000, 10 },
  { "1.5L CVT 运动版", 8000, FALSE, { "珍珠白", "炫动蓝", "烈焰红", "银色", NULL }, "ZE15J", 3000, 14 },
  { "双擎 1.8H 豪华版", 10000, FALSE, { "珍珠白", "炫动蓝", "曜石黑", NULL }, "ZH18J", 0, 10 },
  { "2.0L 两驱豪华版", 15000, FALSE, { "珍珠白", "烈焰红", "曜石黑", NULL }, "XA20R", 6000, 11 },
  { "双擎 2.5L 四驱豪华版", -20000, FALSE, { "珍珠白", "曜石黑", NULL }, "XH25R", 0, 7 },
  { "双擎 2.5L 四驱精英版", -30000, FALSE, { "珍珠白", "曜石黑", "铂金灰", NULL }, "UH25S", 10000, 8 },
  { "2.5L 混动尊贵版", 30000, FALSE, { "珍珠白", "铂金灰", NULL }, "LH25S", 0, 5 },
  { "2.0L CVT 领先版", -10000, FALSE, { "珍珠白", "冰川蓝", "曜石黑", NULL }, "GA20C", 5000, 12 },
  { "长续航 四驱版", 20000, TRUE, { "冰川白", "曜石黑", "极光蓝", NULL }, "EB4XK", 10000, 7 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (demo_trims) == G_N_ELEMENTS (catalogue));

static const char * const stock_locations[] = { "展厅", "一号库", "一号库", "二号库", "外租库" };

/* The day @months_back whole months before @now's, on the 1st */
static GDate
first_of_month (GTimeZone *zone,
                gint64     now,
                guint      months_back)
{
  GDate date;

  crm_time_get_date (zone, now, &date);
  g_date_set_day (&date, 1);
  g_date_subtract_months (&date, months_back);
  return date;
}

/* Each model's two trims (the listed one at its listed price), their
 * colours, a price from 14 months back and the maker's cut two months
 * back. Fills @trims (two per model, in catalogue[]'s order) and
 * @colours (the first colour id of each trim and how many) */
static gboolean
add_demo_catalogue (CrmStore  *store,
                    GArray    *model_ids,
                    gint64     now,
                    GArray    *trims,
                    GArray    *colours,
                    GError   **error)
{
  CrmStockStore *stock = crm_store_get_stock_store (store);
  GTimeZone *zone = crm_store_get_time_zone (store);
  GDate listed = first_of_month (zone, now, 14);
  GDate cut = first_of_month (zone, now, 2);

  for (guint i = 0; i < G_N_ELEMENTS (demo_trims); i++)
    for (guint k = 0; k < 2; k++)
      {
        gint64 price = (catalogue[i].guide_price_yuan + (k == 1 ? demo_trims[i].offset_yuan : 0)) * 100;
        gint64 trim = crm_stock_store_add_trim (stock, g_array_index (model_ids, gint64, i),
                                                k == 0 ? catalogue[i].trim : demo_trims[i].trim,
                                                demo_trims[i].new_energy, error);
        gint64 first = 0;
        gint64 n = 0;

        if (trim == 0 || !crm_stock_store_set_guide_price (stock, trim, &listed, price, error))
          return FALSE;
        if (demo_trims[i].cut_yuan > 0 &&
            !crm_stock_store_set_guide_price (stock, trim, &cut, price - demo_trims[i].cut_yuan * 100, error))
          return FALSE;
        for (; demo_trims[i].colours[n] != NULL; n++)
          {
            gint64 colour = crm_stock_store_add_colour (stock, trim, demo_trims[i].colours[n], error);

            if (colour == 0)
              return FALSE;
            first = first ? first : colour;
          }
        g_array_append_val (trims, trim);
        g_array_append_vals (colours, ((gint64[]) { first, n }), 2);
      }
  return TRUE;
}

/* A valid VIN for the @serial-th car of model @model: LVG, the model
 * code, the check digit, the model year 2026 (T), the plant (G) */
static void
demo_vin (char  vin[18],
          guint model,
          guint serial)
{
  g_snprintf (vin, 18, "LVG%s0TG%06u", demo_trims[model].vds, serial % 1000000);
  vin[8] = crm_vin_check_digit (vin);
}

/* The stock: a few hundred cars over the models by how well they sell,
 * most in stock (some past 45 and 90 days), some ordered or on their
 * way, some sold and delivered lately; some of the negotiating and
 * ordered deals (@deals: deal id, model index) have their car reserved.
 * Its own random numbers, so the rest of the showroom stays the same. */
static gboolean
add_demo_stock (CrmStore  *store,
                guint32    seed,
                GArray    *trims,
                GArray    *colours,
                GArray    *deals,
                guint      n_cars,
                gint64     now,
                GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x570C4u);
  g_autoptr(GArray) free_cars = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);  /* id, model */
  CrmStockStore *stock = crm_store_get_stock_store (store);

  for (guint i = 0; i < n_cars; i++)
    {
      guint model = pick_weighted (rand, &demo_trims[0].weight, G_N_ELEMENTS (demo_trims), sizeof demo_trims[0]);
      guint k = g_rand_int_range (rand, 0, 100) < 60 ? 0 : 1;
      gint64 *colour = &g_array_index (colours, gint64, 2 * (2 * model + k));
      int roll = g_rand_int_range (rand, 0, 100);
      /* Most cars are weeks old, a quarter past the threshold, a tenth
       * past 90 days */
      int age_roll = g_rand_int_range (rand, 0, 100);
      int age = age_roll < 65 ? g_rand_int_range (rand, 0, 46)
                : age_roll < 90 ? g_rand_int_range (rand, 46, 91) : g_rand_int_range (rand, 91, 160);
      gint64 price = catalogue[model].guide_price_yuan + (k == 1 ? demo_trims[model].offset_yuan : 0);
      CrmStockCar car;
      gint64 id;

      crm_stock_car_init (&car);
      demo_vin (car.vin, model, 2600 + i);
      car.trim_id = g_array_index (trims, gint64, 2 * model + k);
      car.colour_id = colour[0] + g_rand_int_range (rand, 0, colour[1]);
      car.status = roll < 6 ? CRM_STOCK_ORDERED : roll < 20 ? CRM_STOCK_IN_TRANSIT : CRM_STOCK_IN_STOCK;
      car.arrived_at = crm_time_on_day (crm_store_get_time_zone (store), now, -age,
                                        9 * 60 + g_rand_int_range (rand, 0, 8 * 60));
      car.arrived_at = MIN (car.arrived_at, now);
      /* The showroom's cost: 86–93 % of the guide price, in hundreds */
      car.cost_fen = price * g_rand_int_range (rand, 86, 94) / 100 / 100 * 100 * 100;
      g_strlcpy (car.location, stock_locations[g_rand_int_range (rand, 0, G_N_ELEMENTS (stock_locations))],
                 sizeof car.location);
      if ((id = crm_stock_store_insert (stock, &car, error)) == 0)
        return FALSE;

      /* Sold and handed over lately: the older cars */
      if (car.status == CRM_STOCK_IN_STOCK && roll >= 82 &&
          (!crm_stock_store_set_status (stock, id, CRM_STOCK_SOLD, error) ||
           (roll >= 90 && !crm_stock_store_set_status (stock, id, CRM_STOCK_DELIVERED, error))))
        return FALSE;
      if (roll < 82)
        g_array_append_vals (free_cars, ((gint64[]) { id, model }), 1);
    }

  /* Half the ordered deals and a quarter of the negotiating ones have a
   * car of their model reserved, when one is free */
  for (guint d = 0; d < deals->len; d++)
    {
      gint64 *deal = &g_array_index (deals, gint64, 3 * d);

      if (g_rand_int_range (rand, 0, 100) >= (deal[2] == CRM_STAGE_ORDERED ? 50 : 25))
        continue;
      for (guint c = 0; c < free_cars->len; c++)
        {
          gint64 *car = &g_array_index (free_cars, gint64, 2 * c);

          if (car[1] != deal[1])
            continue;
          if (!crm_stock_store_reserve (stock, car[0], deal[0], error))
            return FALSE;
          g_array_remove_index (free_cars, c);
          break;
        }
    }
  return TRUE;
}

static gboolean
add_demo_test_drives (CrmStore  *store,
                      guint32    seed,
                      GArray    *model_ids,
                      GArray    *customers,
                      GArray    *owners,
                      gint64     now,
                      GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x7d5eu);
  g_autoptr(GArray) cars = g_array_new (FALSE, FALSE, sizeof (gint64));
  GTimeZone *zone = crm_store_get_time_zone (store);
  gint64 today = day_start (zone, now);
  CrmCalendarSettings hours;

  /* The demo showroom stays open an hour longer at the weekend */
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (store), &hours);
  hours.weekend_close_minute = hours.close_minute + 60;
  if (!crm_staff_store_set_calendar_settings (crm_store_get_staff_store (store), &hours, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_fleet); i++)
    {
      g_autoptr(CrmVehicle) vehicle = crm_vehicle_new ();
      gint64 id;

      crm_vehicle_set_plate (vehicle, demo_fleet[i].plate);
      crm_vehicle_set_model_id (vehicle, g_array_index (model_ids, gint64,
                                                        MIN (demo_fleet[i].model, model_ids->len - 1)));
      crm_vehicle_set_colour (vehicle, demo_fleet[i].colour);
      crm_vehicle_set_status (vehicle, demo_fleet[i].status);
      crm_vehicle_set_mileage (vehicle, demo_fleet[i].mileage);
      if ((id = crm_calendar_store_insert_vehicle (crm_store_get_calendar_store (store), vehicle, error)) == 0)
        return FALSE;
      if (demo_fleet[i].status == CRM_VEHICLE_AVAILABLE)
        g_array_append_val (cars, id);
    }

  if (customers->len == 0)
    return TRUE;

  for (int d = -7; d <= 10; d++)
    {
      g_autoptr(GDateTime) base = crm_time_in_zone (zone, today);
      g_autoptr(GDateTime) day_dt = g_date_time_add_days (base, d);
      gint64 day = g_date_time_to_unix (day_dt);
      int wanted = d == 0 ? 12 : 5 + g_rand_int_range (rand, 0, 6);
      int tries = 0;

      for (int made = 0; made < wanted && tries < 80; tries++)
        {
          g_autoptr(CrmTestDrive) td = crm_test_drive_new ();
          guint who = g_rand_int_range (rand, 0, customers->len);
          gint64 start = day + 9 * 3600 + g_rand_int_range (rand, 0, 17) * 30 * 60;
          int length = g_rand_int_range (rand, 0, 4) == 0 ? 60 : 30;

          /* Today: the first drive of the morning is under way */
          if (d == 0 && made == 0 && tries < 10)
            start = day + 10 * 3600, length = 60;
          CrmTestDriveStatus final;
          int roll = g_rand_int_range (rand, 0, 100);
          gint64 id;

          crm_test_drive_set_customer_id (td, g_array_index (customers, gint64, who));
          crm_test_drive_set_vehicle_id (td, g_array_index (cars, gint64, g_rand_int_range (rand, 0, cars->len)));
          crm_test_drive_set_staff_id (td, g_array_index (owners, gint64, who));
          crm_test_drive_set_start_at (td, start);
          crm_test_drive_set_end_at (td, start + length * 60);
          if (crm_calendar_store_check (crm_store_get_calendar_store (store), td, NULL) != CRM_BOOKING_OK)
            continue;
          if ((id = crm_calendar_store_insert (crm_store_get_calendar_store (store), td, error)) == 0)
            return FALSE;
          made++;

          if (start + length * 60 <= now)
            final = roll < 70 ? CRM_TEST_DRIVE_COMPLETED : roll < 85 ? CRM_TEST_DRIVE_NO_SHOW
                    : CRM_TEST_DRIVE_CANCELLED;
          else if (start <= now)
            final = CRM_TEST_DRIVE_CHECKED_IN;
          else if (d == 0)
            final = roll < 65 ? CRM_TEST_DRIVE_CONFIRMED : roll < 92 ? CRM_TEST_DRIVE_BOOKED
                    : CRM_TEST_DRIVE_CANCELLED;
          else
            final = roll < 30 ? CRM_TEST_DRIVE_CONFIRMED : roll < 90 ? CRM_TEST_DRIVE_BOOKED
                    : CRM_TEST_DRIVE_CANCELLED;

          if (final == CRM_TEST_DRIVE_CHECKED_IN || final == CRM_TEST_DRIVE_COMPLETED)
            {
              if (!crm_calendar_store_set_status (crm_store_get_calendar_store (store), id, CRM_TEST_DRIVE_CONFIRMED, NULL, 0, error) ||
                  !crm_calendar_store_set_status (crm_store_get_calendar_store (store), id, CRM_TEST_DRIVE_CHECKED_IN, NULL, 0, error))
                return FALSE;
            }
          if (final == CRM_TEST_DRIVE_CONFIRMED || final == CRM_TEST_DRIVE_NO_SHOW ||
              final == CRM_TEST_DRIVE_CANCELLED || final == CRM_TEST_DRIVE_COMPLETED)
            {
              const char *feedback = final == CRM_TEST_DRIVE_COMPLETED
                                     ? drive_feedback[g_rand_int_range (rand, 0, G_N_ELEMENTS (drive_feedback))] : NULL;

              if (!crm_calendar_store_set_status (crm_store_get_calendar_store (store), id, final, feedback, 0, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

/**
 * crm_demo_generate:
 * @store: an empty database
 * @n_customers: how many customers (the demo uses about 2,000)
 * @n_activities: how many follow-ups in all, done and planned; the
 *   after-sales care of recent deliveries and the buyers' birthdays are
 *   planned on top
 * @seed: the same seed gives the same showroom
 *
 * Fills @store in one transaction: on error nothing is written.
 */
gboolean
crm_demo_generate (CrmStore  *store,
                   guint      n_customers,
                   guint      n_activities,
                   guint32    seed,
                   GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GTimeZone *zone = crm_store_get_time_zone (store);
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) model_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  gint64 now = crm_clock_get_now (crm_store_get_clock (store));
  gint64 today = day_start (zone, now);
  guint activities_left = n_activities;
  gint64 rep_ids[N_REPS];
  g_autoptr(GArray) delivered = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autoptr(CrmCadence) cadence = NULL;
  g_autoptr(GArray) drive_customers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) drive_owners = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) trims = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) colours = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) selling = g_array_new (FALSE, FALSE, sizeof (gint64) * 3);   /* deal, model, stage */
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  if (!crm_store_needs_setup (store))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The demo showroom can only be created in an empty database."));
      return FALSE;
    }

  /* One transaction of many rows (see crm_store_set_bulk()) */
  crm_store_set_bulk (store, TRUE);
  if (!crm_store_begin (store, error))
    {
      crm_store_set_bulk (store, FALSE);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (staff_names); i++)
    {
      CrmStaff *member = crm_staff_new ();

      crm_staff_set_name (member, staff_names[i]);
      crm_staff_set_role (member, staff_roles[i]);
      g_ptr_array_add (staff, member);
    }

  if (!crm_store_setup_showroom (store, "广汽丰田 天河4S店", staff, error) ||
      !crm_store_set_meta (store, "demo-seed", seed_text, error) ||
      !crm_pool_set_graded_limits (store, error))
    goto fail;

  for (guint i = 0; i < N_REPS; i++)
    rep_ids[i] = crm_staff_get_id (g_ptr_array_index (staff, i + 1));

  for (guint i = 0; i < G_N_ELEMENTS (catalogue); i++)
    {
      g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();
      gint64 id;

      crm_vehicle_model_set_brand (model, "广汽丰田");
      crm_vehicle_model_set_series (model, catalogue[i].series);
      crm_vehicle_model_set_trim (model, catalogue[i].trim);
      crm_vehicle_model_set_guide_price (model, catalogue[i].guide_price_yuan * 100);
      if ((id = crm_staff_store_insert_vehicle_model (crm_store_get_staff_store (store), model, error)) == 0)
        goto fail;
      g_array_append_val (model_ids, id);
    }
  if (!add_demo_catalogue (store, model_ids, now, trims, colours, error))
    goto fail;

  for (guint i = 0; i < n_customers; i++)
    {
      g_autoptr(CrmCustomer) customer = crm_customer_new ();
      g_autoptr(CrmDeal) deal = crm_deal_new ();
      g_autofree char *name = make_name (rand);
      g_autofree char *phone = make_phone (i, seed);
      const char *phones[] = { phone, NULL };
      /* Newer customers are more numerous: most leads are recent */
      double age = g_rand_double (rand);
      double age_days = age * age * 540;
      gint64 created = now - (gint64) (age_days * DAY) - g_rand_int_range (rand, 0, DAY);
      CrmStage stage = stage_for_age (rand, age_days);
      CrmChannel channel = channel_weights[pick_weighted (rand, &channel_weights[0].weight,
                                                          G_N_ELEMENTS (channel_weights),
                                                          sizeof channel_weights[0])].channel;
      CrmGrade grade = grade_for_stage (rand, stage);
      guint model_index = g_rand_int_range (rand, 0, model_ids->len);
      gint64 model_id = g_array_index (model_ids, gint64, model_index);
      gint64 price = catalogue[model_index].guide_price_yuan * 100;
      gint64 owner = g_rand_int_range (rand, 0, 100) < 4 ? 0 : rep_ids[g_rand_int_range (rand, 0, N_REPS)];
      guint remaining = n_customers - i;
      guint n_done = MIN (activities_left, (activities_left + remaining - 1) / remaining);
      gboolean open = crm_stage_is_open (stage);
      gint64 span = MAX (now - created, 3600);
      CrmStage path_end = stage;

      if (stage == CRM_STAGE_LOST || stage == CRM_STAGE_INVALID)
        path_end = stage == CRM_STAGE_INVALID ? CRM_STAGE_NEW_LEAD
                   : (CrmStage) g_rand_int_range (rand, CRM_STAGE_NEW_LEAD, CRM_STAGE_ORDERED);
      gint64 t = created;
      gint64 last_staff = owner;

      crm_customer_set_name (customer, name);
      crm_customer_set_phones (customer, phones);
      crm_customer_set_channel (customer, channel);
      crm_customer_set_grade (customer, grade);
      crm_customer_set_timeframe (customer, timeframe_for_grade (grade));
      crm_customer_set_gender (customer, g_rand_boolean (rand) ? CRM_GENDER_MALE : CRM_GENDER_FEMALE);
      crm_customer_set_city (customer, cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))]);
      crm_customer_set_owner_id (customer, owner);
      crm_customer_set_created_at (customer, created);
      crm_customer_set_budget_min (customer, (price * 85 / 100) / 1000000 * 1000000);
      crm_customer_set_budget_max (customer, (price * 110 / 100 + 999999) / 1000000 * 1000000);
      crm_customer_set_model_ids (customer,
                                  g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, &model_id, 1,
                                                             sizeof (gint64)));
      if (g_rand_int_range (rand, 0, 100) < 30)
        {
          g_autofree char *wechat = g_strdup_printf ("wxid_%06x", g_rand_int (rand) & 0xffffff);
          crm_customer_set_wechat (customer, wechat);
        }
      if (g_rand_int_range (rand, 0, 100) < 40)
        {
          g_autofree char *birthday = g_strdup_printf ("%04d-%02d-%02d",
                                                       g_rand_int_range (rand, 1962, 2003),
                                                       g_rand_int_range (rand, 1, 13),
                                                       g_rand_int_range (rand, 1, 29));
          crm_customer_set_birthday (customer, birthday);
        }
      if (g_rand_int_range (rand, 0, 100) < 15)
        crm_customer_set_notes (customer, notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))]);

      if (crm_customer_store_insert (crm_store_get_customer_store (store), customer, error) == 0)
        goto fail;

      crm_deal_set_customer_id (deal, crm_customer_get_id (customer));
      crm_deal_set_model_id (deal, model_id);
      crm_deal_set_owner_id (deal, owner);
      crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
      crm_deal_set_created_at (deal, created);
      crm_deal_set_stage_entered_at (deal, created);
      if (crm_deal_store_insert (crm_store_get_deal_store (store), deal, owner, error) == 0)
        goto fail;

      /* Done follow-ups spread between the lead's arrival and today */
      for (guint k = 0; k < n_done; k++)
        {
          g_autoptr(CrmActivity) activity = crm_activity_new ();
          CrmActivityKind kind = g_rand_int_range (rand, 0, 100) < 60 ? CRM_ACTIVITY_CALL
                                 : g_rand_int_range (rand, 0, 100) < 50 ? CRM_ACTIVITY_WECHAT
                                 : (CrmActivityKind) g_rand_int_range (rand, 0, CRM_N_ACTIVITY_KINDS);
          gint64 done, planned;

          t += span / (n_done + 1);
          /* A deal that reached Test drive has its test drive recorded */
          if (k == n_done / 2 && path_end >= CRM_STAGE_TEST_DRIVE && path_end <= CRM_STAGE_DELIVERED)
            kind = CRM_ACTIVITY_TEST_DRIVE;
          /* An open deal's consultant was in touch this week: the last
           * contact is recent, whatever the deal's age */
          if (open && owner != 0 && k == n_done - 1 && n_done > 1)
            t = MAX (t, now - g_rand_int_range (rand, 1, 7) * DAY);
          /* MIN() would draw the random time twice */
          done = in_opening_hours (zone, rand, t);
          done = MIN (done, now - 600);
          crm_activity_set_customer_id (activity, crm_customer_get_id (customer));
          crm_activity_set_deal_id (activity, crm_deal_get_id (deal));
          crm_activity_set_kind (activity, kind);
          planned = done - g_rand_int_range (rand, 0, 2) * 3600;
          /* About one follow-up in seven is done late, by hours or a day
           * (picked without the random generator, so the rest of the
           * showroom stays as it was) */
          if ((i * 7 + k * 13) % 100 < 14)
            planned -= (2 + (i + k) % 23) * 3600;
          crm_activity_set_planned_at (activity, planned);
          crm_activity_set_done_at (activity, done);
          crm_activity_set_outcome (activity, (CrmOutcome) g_rand_int_range (rand, 1, CRM_N_OUTCOMES));
          if (g_rand_int_range (rand, 0, 100) < 35)
            crm_activity_set_note (activity, notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))]);
          crm_activity_set_staff_id (activity, last_staff);
          if (crm_followup_store_insert (crm_store_get_followup_store (store), activity, error) == 0)
            goto fail;
        }
      activities_left -= n_done;

      /* The funnel up to today's stage, in the order a showroom works */
      if (stage != CRM_STAGE_NEW_LEAD)
        {
          gint64 step_t = created;

          for (int s = CRM_STAGE_INVITED; s <= (int) path_end; s++)
            {
              step_t += span / (path_end + 2);
              if (!crm_deal_store_move_at (crm_store_get_deal_store (store), crm_deal_get_id (deal), s, owner, step_t, error))
                goto fail;
            }
          if (path_end != stage &&
              !crm_deal_store_move_at (crm_store_get_deal_store (store), crm_deal_get_id (deal), stage, owner,
                                       step_t + span / (path_end + 2), error))
            goto fail;
          if (stage == CRM_STAGE_DELIVERED && now - step_t < 45 * DAY)
            {
              gint64 pair[2] = { crm_deal_get_id (deal), step_t };
              g_array_append_val (delivered, pair);
            }
        }

      /* Ordered and delivered deals carry the price agreed; lost ones
       * their reason; some open ones wait for a manager's OK to close */
      if ((stage == CRM_STAGE_ORDERED || stage == CRM_STAGE_DELIVERED) &&
          !crm_deal_store_set_price (crm_store_get_deal_store (store), crm_deal_get_id (deal),
                                     price * g_rand_int_range (rand, 92, 100) / 100 / 10000 * 10000, error))
        goto fail;
      if (stage == CRM_STAGE_LOST &&
          !crm_deal_store_set_lost_reason (crm_store_get_deal_store (store), crm_deal_get_id (deal),
                                      (CrmLostReason) g_rand_int_range (rand, CRM_LOST_REASON_PRICE, CRM_N_LOST_REASONS),
                                      notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))], error))
        goto fail;
      if (open && owner != 0 && stage >= CRM_STAGE_VISITED && stage <= CRM_STAGE_NEGOTIATION &&
          g_rand_int_range (rand, 0, 100) < 6 &&
          !crm_deal_store_request_lost (crm_store_get_deal_store (store), crm_deal_get_id (deal),
                                   (CrmLostReason) g_rand_int_range (rand, CRM_LOST_REASON_PRICE, CRM_N_LOST_REASONS),
                                   notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))], owner, error))
        goto fail;
      /* Deals that may have a car of the stock reserved */
      if (stage == CRM_STAGE_NEGOTIATION || stage == CRM_STAGE_ORDERED)
        g_array_append_vals (selling, ((gint64[]) { crm_deal_get_id (deal), model_index, stage }), 1);

      /* Customers who might come for a test drive */
      if (open && owner != 0 && stage <= CRM_STAGE_NEGOTIATION && drive_customers->len < 400)
        {
          gint64 customer_id = crm_customer_get_id (customer);
          g_array_append_val (drive_customers, customer_id);
          g_array_append_val (drive_owners, owner);
        }

      /* An open deal has its next follow-up: overdue, today or ahead */
      if (open && owner != 0 && activities_left > 0)
        {
          g_autoptr(CrmActivity) next = crm_activity_new ();
          int when = g_rand_int_range (rand, 0, 100);
          gint64 planned;

          /* A Tuesday: a few left over from yesterday or last week, a full
           * day today, the rest spread over the next two weeks */
          if (when < 6)
            planned = in_opening_hours (zone, rand, today - (when < 4 ? 1 : g_rand_int_range (rand, 2, 6)) * DAY);
          else if (when < 20)
            planned = in_opening_hours (zone, rand, today);
          else
            planned = in_opening_hours (zone, rand, today + g_rand_int_range (rand, 1, 15) * DAY);

          crm_activity_set_customer_id (next, crm_customer_get_id (customer));
          crm_activity_set_deal_id (next, crm_deal_get_id (deal));
          crm_activity_set_kind (next, g_rand_int_range (rand, 0, 100) < 70 ? CRM_ACTIVITY_CALL
                                                                            : CRM_ACTIVITY_WECHAT);
          crm_activity_set_planned_at (next, planned);
          crm_activity_set_purpose (next, purpose_for_stage (rand, stage));
          crm_activity_set_staff_id (next, owner);
          if (crm_followup_store_insert (crm_store_get_followup_store (store), next, error) == 0)
            goto fail;
          activities_left--;
        }
    }

  /* After-sales care of the cars delivered lately, and every buyer's
   * next birthday: the follow-ups a showroom plans by itself */
  cadence = crm_cadence_load (store);
  for (guint i = 0; i < delivered->len; i++)
    {
      gint64 *pair = &g_array_index (delivered, gint64, 2 * i);
      g_autoptr(GError) care_error = NULL;

      if (crm_cadence_plan_care (cadence, store, pair[0], pair[1], today, &care_error) == 0 &&
          care_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&care_error));
          goto fail;
        }
    }
  {
    g_autoptr(GError) birthday_error = NULL;

    crm_cadence_plan_birthdays (cadence, store, now, &birthday_error);
    if (birthday_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&birthday_error));
        goto fail;
      }
  }

  if (!add_traffic (store, seed, today, now, n_customers, error) ||
      !add_demo_test_drives (store, seed, model_ids, drive_customers, drive_owners, now, error) ||
      (n_customers > 0 &&
       !add_demo_stock (store, seed, trims, colours, selling, CLAMP (n_customers / 6, 40, 300), now, error)))
    goto fail;

  ok = crm_store_commit (store, error);
  crm_store_set_bulk (store, FALSE);
  if (!ok)
    return FALSE;

  /* What the leads rules do on the first start (after the commit, which
   * works out each customer's last contact): leads gone cold return to the
   * public pool, their reps are warned a few days before */
  {
    GError *local_error = NULL;
    gint64 next = 0;

    /* Batches until nothing is due; each goes on where the last one
     * stopped (the clock moved on while the demo was written: "now" is
     * read again) */
    do
      crm_leads_run_deadlines_full (store, DEMO_DEADLINES_BATCH, &next, NULL, &local_error);
    while (local_error == NULL && next > 0 && next <= crm_clock_get_now (crm_store_get_clock (store)));
    if (local_error != NULL)
      {
        g_propagate_error (error, local_error);
        return FALSE;
      }
  }
  return TRUE;

fail:
  crm_store_rollback (store);
  crm_store_set_bulk (store, FALSE);
  return FALSE;
}
